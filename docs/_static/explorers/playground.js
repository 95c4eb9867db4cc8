// The training playground (symmetry page): a small softmax network trained in the browser by
// full-batch gradient descent on a two-dimensional data set, from a chosen start. The page's
// build embeds, in the playground's <script type="application/json">, the network's sizes, the
// data sets' settings, the UI strings of the edition and the package's own numbers
// (weightinit/explorers/playground.py); the browser tests compare the two. Needs random.js.
(function (root) {
  "use strict";

  var explorers = (root.weightinitExplorers = root.weightinitExplorers || {});

  // ---- data sets: the same shapes as weightinit.explorers.playground.make_2d_data ----------

  /** ``n`` points of the data set ``name`` with Gaussian ``noise``: {x: n*2, labels: n}. */
  function makeData(name, n, noise, rng) {
    var x = new Float64Array(2 * n), labels = new Int32Array(n);
    var half = Math.floor(n / 2), i, theta, r;
    for (i = 0; i < n; i++) {
      var c = i < half ? 0 : 1, k = c === 0 ? i : i - half, m = c === 0 ? half : n - half;
      var px, py;
      if (name === "moons") {
        theta = m > 1 ? (Math.PI * k) / (m - 1) : 0;
        px = c === 0 ? Math.cos(theta) - 0.5 : 0.5 - Math.cos(theta);
        py = c === 0 ? Math.sin(theta) - 0.25 : 0.25 - Math.sin(theta);
      } else if (name === "circles") {
        theta = (2 * Math.PI * k) / m;
        r = c === 0 ? 1 : 0.5;
        px = r * Math.cos(theta);
        py = r * Math.sin(theta);
      } else if (name === "spiral") {
        r = (k + 1) / m;
        theta = 3 * Math.PI * r + c * Math.PI;
        px = r * Math.cos(theta);
        py = r * Math.sin(theta);
      } else if (name === "xor") {
        px = 2 * rng.uniform() - 1;
        py = 2 * rng.uniform() - 1;
        c = px * py > 0 ? 1 : 0;
      } else {
        throw new RangeError("unknown data set " + name);
      }
      labels[i] = c;
      x[2 * i] = px;
      x[2 * i + 1] = py;
    }
    for (i = 0; i < 2 * n; i++) x[i] += noise * rng.normal();
    return { x: x, labels: labels, n: n };
  }

  // ---- the network ----------------------------------------------------------------------

  var EQUAL = 0.5;  // the "equal" start: every weight 0.5, as the package's "constant=0.5"

  /** The standard deviation of a layer's weights under ``start`` (x @ W: fan-in is rows). */
  function startStd(start, fanIn, fanOut) {
    switch (start) {
      case "zeros": return 0;
      case "equal": return 0;
      case "small": return 0.01;
      case "xavier": return Math.sqrt(1 / fanIn);
      case "he": return Math.sqrt(2 / fanIn);
      case "large": return 100;
    }
    throw new RangeError("unknown start " + start);
  }

  var ACTIVATIONS = {
    relu: {
      f: function (z) { return z > 0 ? z : 0; },
      dFromOutput: function (h) { return h > 0 ? 1 : 0; },
    },
    tanh: {
      f: Math.tanh,
      dFromOutput: function (h) { return 1 - h * h; },
    },
    sigmoid: {
      f: function (z) { return 1 / (1 + Math.exp(-z)); },
      dFromOutput: function (h) { return h * (1 - h); },
    },
  };

  /** A softmax classifier with ``sizes`` units per layer; weights in the x @ W layout. */
  function Network(sizes, activation) {
    if (!ACTIVATIONS[activation]) throw new RangeError("unknown activation " + activation);
    this.sizes = sizes.slice();
    this.activation = activation;
    this.weights = [];
    this.biases = [];
    for (var l = 0; l + 1 < sizes.length; l++) {
      this.weights.push(new Float64Array(sizes[l] * sizes[l + 1]));
      this.biases.push(new Float64Array(sizes[l + 1]));
    }
    this._n = -1;
  }

  Network.prototype.initialize = function (start, rng) {
    for (var l = 0; l < this.weights.length; l++) {
      var std = startStd(start, this.sizes[l], this.sizes[l + 1]);
      if (start === "equal") this.weights[l].fill(EQUAL);
      else if (std === 0) this.weights[l].fill(0);
      else rng.fillNormal(this.weights[l], std);
      this.biases[l].fill(0);
    }
  };

  Network.prototype._buffers = function (n) {
    if (this._n === n) return;
    this._n = n;
    this._outs = [];
    this._deltas = [];
    for (var l = 1; l < this.sizes.length; l++) {
      this._outs.push(new Float64Array(n * this.sizes[l]));
      this._deltas.push(new Float64Array(n * this.sizes[l]));
    }
    this._gw = this.weights.map(function (w) { return new Float64Array(w.length); });
    this._gb = this.biases.map(function (b) { return new Float64Array(b.length); });
  };

  /** Layer outputs for ``n`` rows of ``x`` (the logits last), into ``outs``. */
  Network.prototype._forward = function (x, n, outs) {
    var f = ACTIVATIONS[this.activation].f, last = this.weights.length - 1;
    var h = x;
    for (var l = 0; l <= last; l++) {
      var w = this.weights[l], b = this.biases[l], nIn = this.sizes[l], nOut = this.sizes[l + 1];
      var z = outs[l];
      for (var r = 0; r < n; r++) {
        for (var j = 0; j < nOut; j++) {
          var s = b[j];
          for (var i = 0; i < nIn; i++) s += h[r * nIn + i] * w[i * nOut + j];
          z[r * nOut + j] = l < last ? f(s) : s;
        }
      }
      h = z;
    }
    return h;
  };

  /** Softmax probabilities of class 1 for ``n`` rows of ``x``, into ``out``. */
  Network.prototype.probabilities = function (x, n, out) {
    var outs = [];
    for (var l = 1; l < this.sizes.length; l++) outs.push(new Float64Array(n * this.sizes[l]));
    var logits = this._forward(x, n, outs), k = this.sizes[this.sizes.length - 1];
    for (var r = 0; r < n; r++) {
      var m = -Infinity, s = 0, c;
      for (c = 0; c < k; c++) m = Math.max(m, logits[r * k + c]);
      for (c = 0; c < k; c++) s += Math.exp(logits[r * k + c] - m);
      out[r] = Math.exp(logits[r * k + 1] - m) / s;
    }
    return out;
  };

  /** Mean cross-entropy of the data; with ``train``, then one gradient step of size ``lr``. */
  Network.prototype.step = function (data, lr, train) {
    var n = data.n, sizes = this.sizes, last = this.weights.length - 1;
    this._buffers(n);
    var outs = this._outs, deltas = this._deltas;
    var logits = this._forward(data.x, n, outs), k = sizes[sizes.length - 1];
    var delta = deltas[last], loss = 0, r, c, i, j;
    for (r = 0; r < n; r++) {
      var m = -Infinity, s = 0;
      for (c = 0; c < k; c++) m = Math.max(m, logits[r * k + c]);
      for (c = 0; c < k; c++) s += Math.exp(logits[r * k + c] - m);
      loss += Math.log(s) - (logits[r * k + data.labels[r]] - m);
      for (c = 0; c < k; c++) {
        var p = Math.exp(logits[r * k + c] - m) / s;
        delta[r * k + c] = (p - (c === data.labels[r] ? 1 : 0)) / n;
      }
    }
    loss /= n;
    if (!train) return loss;
    var df = ACTIVATIONS[this.activation].dFromOutput;
    for (var l = last; l >= 0; l--) {
      var below = l === 0 ? data.x : outs[l - 1], nIn = sizes[l], nOut = sizes[l + 1];
      var gw = this._gw[l], gb = this._gb[l], w = this.weights[l];
      gw.fill(0);
      gb.fill(0);
      for (r = 0; r < n; r++) {
        for (j = 0; j < nOut; j++) {
          var d = delta[r * nOut + j];
          gb[j] += d;
          for (i = 0; i < nIn; i++) gw[i * nOut + j] += below[r * nIn + i] * d;
        }
      }
      if (l > 0) {
        var sent = deltas[l - 1];
        for (r = 0; r < n; r++) {
          for (i = 0; i < nIn; i++) {
            var g = 0;
            for (j = 0; j < nOut; j++) g += delta[r * nOut + j] * w[i * nOut + j];
            sent[r * nIn + i] = g * df(below[r * nIn + i]);
          }
        }
        delta = sent;
      }
    }
    for (l = 0; l <= last; l++) {
      var wl = this.weights[l], bl = this.biases[l];
      for (i = 0; i < wl.length; i++) wl[i] -= lr * this._gw[l][i];
      for (i = 0; i < bl.length; i++) bl[i] -= lr * this._gb[l][i];
    }
    return loss;
  };

  /** Per hidden layer, how many units have parameters (in, bias, out) unlike any other's. */
  Network.prototype.distinctUnits = function () {
    var counts = [];
    for (var l = 1; l + 1 < this.sizes.length; l++) {
      var nIn = this.sizes[l - 1], n = this.sizes[l], nOut = this.sizes[l + 1];
      var seen = {}, count = 0;
      for (var j = 0; j < n; j++) {
        var key = [this.biases[l - 1][j]];
        for (var i = 0; i < nIn; i++) key.push(this.weights[l - 1][i * n + j]);
        for (var o = 0; o < nOut; o++) key.push(this.weights[l][j * nOut + o]);
        key = key.join(",");
        if (!seen[key]) { seen[key] = true; count++; }
      }
      counts.push(count);
    }
    return counts;
  };

  // ---- drawing --------------------------------------------------------------------------

  var CLASS_RGB = [[31, 119, 180], [230, 120, 20]];

  function colour(name, fallback) {
    var value = getComputedStyle(document.documentElement).getPropertyValue(name).trim();
    return value || fallback;
  }

  function prepare(canvas) {
    var ratio = root.devicePixelRatio || 1, width = canvas.clientWidth || 240;
    var height = Math.round(width * (+canvas.dataset.aspect || 1));
    if (canvas.width !== Math.round(width * ratio)) {
      canvas.width = Math.round(width * ratio);
      canvas.height = Math.round(height * ratio);
    }
    var ctx = canvas.getContext("2d");
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, width, height);
    return { ctx: ctx, width: width, height: height };
  }

  var GRID = 48, EXTENT = 1.6;

  function drawBoundary(canvas, net, data) {
    var c = prepare(canvas), ctx = c.ctx, size = c.width;
    var points = new Float64Array(2 * GRID * GRID), p = new Float64Array(GRID * GRID), a, b;
    for (a = 0; a < GRID; a++) {
      for (b = 0; b < GRID; b++) {
        points[2 * (a * GRID + b)] = -EXTENT + (2 * EXTENT * (b + 0.5)) / GRID;
        points[2 * (a * GRID + b) + 1] = EXTENT - (2 * EXTENT * (a + 0.5)) / GRID;
      }
    }
    net.probabilities(points, GRID * GRID, p);
    var cell = size / GRID;
    for (a = 0; a < GRID; a++) {
      for (b = 0; b < GRID; b++) {
        var q = p[a * GRID + b], rgb = CLASS_RGB[q > 0.5 ? 1 : 0];
        var alpha = isFinite(q) ? 0.08 + 0.5 * Math.abs(q - 0.5) : 0;
        ctx.fillStyle = "rgba(" + rgb.join(",") + "," + alpha.toFixed(3) + ")";
        var x0 = Math.floor(b * cell), y0 = Math.floor(a * cell);  // no overlap, no seams
        ctx.fillRect(x0, y0, Math.floor((b + 1) * cell) - x0, Math.floor((a + 1) * cell) - y0);
      }
    }
    var edge = colour("--pst-color-background", "#fff");
    for (var i = 0; i < data.n; i++) {
      var px = ((data.x[2 * i] + EXTENT) / (2 * EXTENT)) * size;
      var py = ((EXTENT - data.x[2 * i + 1]) / (2 * EXTENT)) * size;
      ctx.beginPath();
      if (data.labels[i] === 0) ctx.arc(px, py, 3.2, 0, 2 * Math.PI);
      else ctx.rect(px - 3, py - 3, 6, 6);
      ctx.fillStyle = "rgb(" + CLASS_RGB[data.labels[i]].join(",") + ")";
      ctx.fill();
      ctx.lineWidth = 1;
      ctx.strokeStyle = edge;
      ctx.stroke();
    }
  }

  function drawLoss(canvas, losses, strings) {
    var c = prepare(canvas), ctx = c.ctx, w = c.width, h = c.height;
    var text = colour("--pst-color-text-base", "#222"), muted = colour("--pst-color-text-muted", "#666");
    var left = 44, bottom = h - 26, top = 8, right = w - 8;
    ctx.font = "12px sans-serif";
    ctx.strokeStyle = muted;
    ctx.fillStyle = text;
    ctx.strokeRect(left, top, right - left, bottom - top);
    var finite = losses.filter(function (v) { return isFinite(v) && v > 0; });
    if (!finite.length) return;
    var lo = Math.floor(Math.log10(Math.min.apply(null, finite)));
    var hi = Math.ceil(Math.log10(Math.max.apply(null, finite)));
    if (hi <= lo) hi = lo + 1;
    ctx.textAlign = "right";
    ctx.textBaseline = "middle";
    var every = Math.ceil((hi - lo) / 4);
    for (var e = lo; e <= hi; e += every) {
      var y = bottom - ((e - lo) / (hi - lo)) * (bottom - top);
      ctx.fillText(e === 0 ? "1" : "1e" + e, left - 4, y);
    }
    ctx.textAlign = "center";
    ctx.textBaseline = "top";
    var steps = Math.max(losses.length - 1, 1);
    ctx.fillText("0", left, bottom + 4);
    ctx.fillText(String(steps), right - 10, bottom + 4);
    ctx.fillText(strings.axisStep, (left + right) / 2, bottom + 4);
    ctx.beginPath();
    ctx.lineWidth = 2;
    ctx.strokeStyle = colour("--pst-color-primary", "#0a7d91");
    var started = false;
    for (var s = 0; s < losses.length; s++) {
      if (!(isFinite(losses[s]) && losses[s] > 0)) continue;
      var px = left + (s / steps) * (right - left);
      var py = bottom - ((Math.log10(losses[s]) - lo) / (hi - lo)) * (bottom - top);
      if (started) ctx.lineTo(px, py);
      else ctx.moveTo(px, py);
      started = true;
    }
    ctx.stroke();
  }

  /** One row per unit of the first hidden layer: its incoming weights, bias, outgoing weights. */
  function drawUnits(canvas, net) {
    var c = prepare(canvas), ctx = c.ctx, w = c.width, h = c.height;
    var nIn = net.sizes[0], n = net.sizes[1], nOut = net.sizes[2];
    var cols = nIn + 1 + nOut, rows = n, values = [], biggest = 0, j, k;
    for (j = 0; j < n; j++) {
      var row = [];
      for (k = 0; k < nIn; k++) row.push(net.weights[0][k * n + j]);
      row.push(net.biases[0][j]);
      for (k = 0; k < nOut; k++) row.push(net.weights[1][j * nOut + k]);
      row.forEach(function (v) { if (isFinite(v)) biggest = Math.max(biggest, Math.abs(v)); });
      values.push(row);
    }
    var cw = w / (cols + 1), ch = h / rows, empty = colour("--pst-color-border", "#ccc");
    for (j = 0; j < rows; j++) {
      for (k = 0; k < cols; k++) {
        var v = biggest > 0 ? values[j][k] / biggest : 0, rgb = CLASS_RGB[v < 0 ? 0 : 1];
        var x = k * cw + (k > nIn ? cw : k === nIn ? cw / 2 : 0);
        // every cell has an outline, so that all-zero rows (the zero start) still show as rows
        ctx.strokeStyle = empty;
        ctx.lineWidth = 1;
        ctx.strokeRect(x + 1, j * ch + 1, cw - 2, ch - 2);
        ctx.fillStyle = "rgba(" + rgb.join(",") + "," + Math.min(1, Math.abs(v)).toFixed(3) + ")";
        ctx.fillRect(x + 0.5, j * ch + 0.5, cw - 1, ch - 1);
      }
    }
  }

  // ---- the widget -----------------------------------------------------------------------

  function format(template, fields) {
    return template.replace(/\{(\w+)\}/g, function (_, key) { return fields[key]; });
  }

  function number(value) {
    if (!isFinite(value)) return String(value);
    return Math.abs(value) >= 1000 ? value.toExponential(2) : value.toPrecision(3);
  }

  /** Wire up the playground in ``container`` (built by the page, hidden until now). */
  function Playground(container) {
    var config = JSON.parse(container.querySelector("script[type='application/json']").textContent);
    this.config = config;
    this.strings = config.strings;
    this.container = container;
    this.controls = {};
    var self = this;
    ["data", "start", "activation"].forEach(function (name) {
      var select = container.querySelector("[data-control='" + name + "']");
      self.controls[name] = select;
      select.addEventListener("change", function () { self.reset(); self.announce(); });
    });
    this.buttons = {};
    ["play", "step", "reset", "nudge"].forEach(function (name) {
      self.buttons[name] = container.querySelector("[data-action='" + name + "']");
    });
    this.buttons.play.addEventListener("click", function () { self.toggle(); });
    this.buttons.step.addEventListener("click", function () {
      self.pause();
      self.advance(1);
      self.draw();
      self.announce();
    });
    this.buttons.reset.addEventListener("click", function () { self.pause(); self.reset(); self.announce(); });
    this.buttons.nudge.addEventListener("click", function () { self.nudge(); self.draw(); self.announce(); });
    this.canvases = {
      boundary: container.querySelector("[data-view='boundary']"),
      loss: container.querySelector("[data-view='loss']"),
      units: container.querySelector("[data-view='units']"),
    };
    this.status = container.querySelector("[data-status]");
    this.live = container.querySelector("[aria-live]");
    this.playing = false;
    this.seed = config.seed;
    this.reset();
    container.hidden = false;
    this.draw();
    if (root.ResizeObserver) new root.ResizeObserver(function () { self.draw(); }).observe(container);
    new MutationObserver(function () { self.draw(); })
      .observe(document.documentElement, { attributes: true, attributeFilter: ["data-theme"] });
  }

  Playground.prototype.setting = function (name) { return this.controls[name].value; };

  Playground.prototype.reset = function (seed) {
    if (seed !== undefined) this.seed = seed;
    var config = this.config, data = config.data[this.setting("data")];
    this.data = makeData(this.setting("data"), config.samples, data.noise, explorers.generator(config.dataSeed));
    this.net = new Network(config.sizes, this.setting("activation"));
    this.net.initialize(this.setting("start"), explorers.generator(this.seed));
    this.losses = [];
    this.steps = 0;
    this.nudgeRng = explorers.generator(this.seed + 1);
    this.draw();
  };

  /** Take ``count`` gradient steps; the losses list the loss before each step and the latest. */
  Playground.prototype.advance = function (count) {
    for (var s = 0; s < count; s++) {
      var loss = this.net.step(this.data, this.config.learningRate, true);
      if (this.losses.length === this.steps) this.losses.push(loss);
      else this.losses[this.steps] = loss;
      this.steps++;
    }
    this.losses[this.steps] = this.net.step(this.data, this.config.learningRate, false);
  };

  /** Add normal noise of standard deviation ``config.nudge`` to every weight (not the biases). */
  Playground.prototype.nudge = function () {
    for (var l = 0; l < this.net.weights.length; l++) {
      var w = this.net.weights[l];
      for (var i = 0; i < w.length; i++) w[i] += this.config.nudge * this.nudgeRng.normal();
    }
    this.losses[this.steps] = this.net.step(this.data, this.config.learningRate, false);
    this.nudged = true;
  };

  Playground.prototype.toggle = function () { if (this.playing) this.pause(); else this.play(); };

  Playground.prototype.play = function () {
    if (this.playing) return;
    this.playing = true;
    this.container.dataset.playing = "true";
    this.buttons.play.textContent = this.strings.pause;
    var self = this;
    function frame() {
      if (!self.playing) return;
      var begin = performance.now(), done = 0;
      while (done < self.config.maxStepsPerFrame && self.steps < self.config.maxSteps &&
             performance.now() - begin < 8) {
        self.advance(1);
        done++;
      }
      self.draw();
      if (self.steps >= self.config.maxSteps) self.pause();  // pause() says where it stopped
      if (self.playing) root.requestAnimationFrame(frame);
    }
    root.requestAnimationFrame(frame);
  };

  Playground.prototype.pause = function () {
    if (!this.playing) return;
    this.playing = false;
    this.container.dataset.playing = "false";
    this.buttons.play.textContent = this.strings.play;
    this.announce();
  };

  Playground.prototype.summary = function () {
    var s = this.strings, counts = this.net.distinctUnits(), sizes = this.config.sizes;
    var loss = this.losses.length ? this.losses[this.steps] : this.net.step(this.data, this.config.learningRate, false);
    if (!this.losses.length) this.losses.push(loss);
    var units = counts.map(function (count, i) {
      return format(s.unitsLayer, { count: count, total: sizes[i + 1], layer: i + 1 });
    }).join(s.separator);
    return format(s.summary, {
      data: this.controls.data.selectedOptions[0].text,
      start: this.controls.start.selectedOptions[0].text,
      activation: this.controls.activation.selectedOptions[0].text,
      steps: this.steps,
      loss: number(loss),
      units: units,
    });
  };

  Playground.prototype.draw = function () {
    if (this.container.hidden || !this.net) return;
    var text = this.summary();
    this.status.textContent = text;
    drawBoundary(this.canvases.boundary, this.net, this.data);
    drawLoss(this.canvases.loss, this.losses, this.strings);
    drawUnits(this.canvases.units, this.net);
    this.canvases.boundary.setAttribute("aria-label", this.strings.boundaryLabel);
  };

  /** Say in words, once, what the reader's last action changed (the aria-live region). */
  Playground.prototype.announce = function () { this.live.textContent = this.summary(); };

  /** The state the browser tests read: steps, losses, distinct units, weights. */
  Playground.prototype.state = function () {
    return {
      steps: this.steps,
      loss: this.losses[this.steps],
      losses: this.losses.slice(),
      distinct: this.net.distinctUnits(),
      weights: this.net.weights.map(function (w) { return Array.from(w); }),
    };
  };

  explorers.playground = {
    makeData: makeData,
    startStd: startStd,
    Network: Network,
    instances: [],
  };

  function start() {
    var found = document.querySelectorAll(".weightinit-playground");
    for (var i = 0; i < found.length; i++) explorers.playground.instances.push(new Playground(found[i]));
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})(window);
