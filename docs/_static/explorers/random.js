// A seeded random number generator shared by the explorers, so that a given setting always shows
// the same picture. sfc32 (Chris Doty-Humphrey's "small fast counter", public domain), seeded
// through splitmix32; normal draws by the polar (Marsaglia) method. The package's own draws use
// numpy's PCG64, so the explorers agree with the package in distribution, not draw by draw: the
// browser tests compare statistics within tolerances derived from the sample size.
(function (root) {
  "use strict";

  function splitmix32(state) {
    return function () {
      state = (state + 0x9e3779b9) | 0;
      var z = state;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
  }

  /** A generator seeded with the integer ``seed``: ``uniform()`` in [0, 1), ``normal()``. */
  function generator(seed) {
    if (!Number.isInteger(seed)) throw new TypeError("seed must be an integer, got " + seed);
    var init = splitmix32(seed | 0);
    var a = init(), b = init(), c = init(), d = init();
    var spare = null;

    function next() {
      var t = (((a + b) | 0) + d) | 0;
      d = (d + 1) | 0;
      a = b ^ (b >>> 9);
      b = (c + (c << 3)) | 0;
      c = (c << 21) | (c >>> 11);
      c = (c + t) | 0;
      return t >>> 0;
    }
    for (var i = 0; i < 12; i++) next();  // the first outputs of a fresh state are correlated

    function uniform() {
      return next() / 4294967296;
    }

    function normal() {
      if (spare !== null) {
        var s = spare;
        spare = null;
        return s;
      }
      var u, v, r;
      do {
        u = 2 * uniform() - 1;
        v = 2 * uniform() - 1;
        r = u * u + v * v;
      } while (r >= 1 || r === 0);
      var f = Math.sqrt(-2 * Math.log(r) / r);
      spare = v * f;
      return u * f;
    }

    /** Fill ``out`` (a typed array) with normal draws of standard deviation ``std``. */
    function fillNormal(out, std) {
      for (var k = 0; k < out.length; k++) out[k] = std * normal();
      return out;
    }

    return { uniform: uniform, normal: normal, fillNormal: fillNormal };
  }

  root.weightinitExplorers = root.weightinitExplorers || {};
  root.weightinitExplorers.generator = generator;
})(window);
