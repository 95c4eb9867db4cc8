// The activation explorer of the activations page (weightinit/explorers/activations.py writes
// its HTML and data). The book's experiment in the browser: N standard-normal samples of n0
// inputs through L bias-free layers of n units, weights of a layer with n_in inputs drawn from
// N(0, s^2 n / n_in), and a standard-normal gradient sent back from the top. The unit-normal
// draws (input, weights, top gradient) are made once per width with the shared seeded generator
// (random.js); a change of s, depth or activation only rescales and recomputes.
(function () {
  "use strict";

  var explorers = window.weightinitExplorers;

  // f(z) from z, and f'(z) from the output a = f(z): the package's activations.
  var ACTIVATIONS = {
    sigmoid: {
      forward: function (z) { return 1 / (1 + Math.exp(-z)); },
      slope: function (a) { return a * (1 - a); },
      centre: 0.5, range: [0, 1],
    },
    tanh: {
      forward: Math.tanh,
      slope: function (a) { return 1 - a * a; },
      centre: 0, range: [-1, 1],
    },
    relu: {
      forward: function (z) { return z > 0 ? z : 0; },
      slope: function (a) { return a > 0 ? 1 : 0; },
      centre: 0, range: null,
    },
  };

  function format(text, fields) {
    return text.replace(/\{(\w+)\}/g, function (whole, name) {
      return name in fields ? String(fields[name]) : whole;
    });
  }

  function significant(value, digits) {
    if (value === 0) return "0";
    var magnitude = Math.abs(value);
    if (magnitude < 1e-3 || magnitude >= 1e4) {
      var parts = value.toExponential(digits - 1).split("e");
      return parts[0] + "e" + (parts[1][0] === "+" ? parts[1].slice(1) : parts[1]);
    }
    return String(Number(value.toPrecision(digits)));
  }

  function percent(share) {
    return (100 * share).toFixed(1) + "\u00a0%";  // no line break before the sign
  }

  // The unit-normal draws for one width, for every depth up to the largest.
  function draws(seed, sizes, width) {
    var samples = sizes.samples, inputs = sizes.inputs;
    var x = explorers.generator(seed).fillNormal(new Float64Array(samples * inputs), 1);
    var weights = explorers.generator(seed + 1 + 16 * width);
    var units = [];
    for (var l = 0; l < sizes.maxDepth; l++) {
      var fanIn = l === 0 ? inputs : width;
      units.push(weights.fillNormal(new Float64Array(fanIn * width), 1));
    }
    var top = explorers.generator(seed + 2 + 16 * width).fillNormal(
      new Float64Array(samples * width), 1);
    var first = new Float64Array(samples * width);  // x U1: layer 1 only needs rescaling
    multiply(x, units[0], first, 0, samples, inputs, width);
    return { units: units, top: top, first: first };
  }

  // Rows r0..r1 of out (rows x cols) = a (rows x inner) b (inner x cols), all row-major.
  function multiply(a, b, out, r0, r1, inner, cols) {
    out.fill(0, r0 * cols, r1 * cols);
    for (var i = r0; i < r1; i++) {
      var o = i * cols, r = i * inner;
      for (var p = 0; p < inner; p++) {
        var v = a[r + p];
        if (v === 0) continue;
        var q = p * cols;
        for (var j = 0; j < cols; j++) out[o + j] += v * b[q + j];
      }
    }
  }

  // Rows r0..r1 of out (rows x inner) = d (rows x cols) b^T, b (inner x cols).
  function multiplyTransposed(d, b, out, r0, r1, inner, cols) {
    for (var i = r0; i < r1; i++) {
      var r = i * cols, o = i * inner;
      for (var p = 0; p < inner; p++) {
        var q = p * cols, sum = 0;
        for (var j = 0; j < cols; j++) sum += d[r + j] * b[q + j];
        out[o + p] = sum;
      }
    }
  }

  function std(values) {
    var n = values.length, sum = 0, squares = 0;
    for (var k = 0; k < n; k++) sum += values[k];
    var mean = sum / n;
    for (var m = 0; m < n; m++) squares += (values[m] - mean) * (values[m] - mean);
    return Math.sqrt(squares / n);
  }

  // The standard deviation of each layer's weights: s sqrt(n / n_in), n_in its fan-in.
  function layerScales(state, sizes) {
    var scales = [];
    for (var l = 0; l < state.depth; l++) {
      var fanIn = l === 0 ? sizes.inputs : state.width;
      scales.push(state.scale * Math.sqrt(state.width / fanIn));
    }
    return scales;
  }

  // Forward and backward pass of the samples r0..r1 (each sample's pass is independent of the
  // others'); the sums of each layer's delta and of its square go into run.gradient.
  function computeRows(state, cached, run, buffers, r0, r1) {
    var width = state.width, depth = state.depth, act = ACTIVATIONS[state.activation];
    var scales = run.scales, outputs = buffers.outputs, scratch = buffers.scratch;
    var from = r0 * width, to = r1 * width, k;
    for (var l = 0; l < depth; l++) {
      var a = outputs[l], s = scales[l];
      if (l === 0) {
        for (k = from; k < to; k++) a[k] = act.forward(s * cached.first[k]);
      } else {
        multiply(outputs[l - 1], cached.units[l], scratch, r0, r1, width, width);
        for (k = from; k < to; k++) a[k] = act.forward(s * scratch[k]);
      }
    }
    var upstream = buffers.upstream, delta = buffers.delta;
    for (k = from; k < to; k++) upstream[k] = cached.top[k];
    for (var m = depth - 1; m >= 0; m--) {
      var out = outputs[m], sum = 0, squares = 0;
      for (k = from; k < to; k++) {
        var d = upstream[k] * act.slope(out[k]);
        delta[k] = d;
        sum += d;
        squares += d * d;
      }
      run.gradient[m].sum += sum;
      run.gradient[m].squares += squares;
      if (m > 0) {
        multiplyTransposed(delta, cached.units[m], upstream, r0, r1, width, width);
        for (k = from; k < to; k++) upstream[k] *= scales[m];
      }
    }
  }

  // The statistics of the samples computed so far.
  function statistics(state, run, buffers, sizes, thresholds) {
    var layers = [], n = run.done * state.width;
    for (var l = 0; l < state.depth; l++) {
      var layer = { scale: run.scales[l] }, g = run.gradient[l];
      var mean = g.sum / n;
      layer.gradientStd = Math.sqrt(Math.max(0, g.squares / n - mean * mean));
      summarise(layer, buffers.outputs[l].subarray(0, n), state, thresholds);
      layers.push(layer);
    }
    // The histograms' range: the activation's, an open end replaced by the largest output of
    // any layer (so a ReLU stack that grows or shrinks shows it), as the page's figures
    // (plot_activation_histograms) draw it.
    var act = ACTIVATIONS[state.activation], range = act.range;
    if (!range) {
      var high = 0;
      layers.forEach(function (layer) { high = Math.max(high, layer.high); });
      range = [0, high > 0 ? high : 1];
    }
    layers.forEach(function (layer, l) {
      layer.histogram = histogram(buffers.outputs[l].subarray(0, n), range, sizes.bins);
    });
    return layers;
  }

  function histogram(a, range, count) {
    var bins = new Float64Array(count), span = range[1] - range[0];
    for (var b = 0; b < a.length; b++) {
      var index = Math.floor((a[b] - range[0]) / span * count);
      bins[Math.min(count - 1, Math.max(0, index))] += 1;
    }
    return { bins: bins, range: range };
  }

  function summarise(layer, a, state, thresholds) {
    var name = state.activation, act = ACTIVATIONS[name], width = state.width;
    var saturated = 0, collapsed = 0, high = 0;
    var alive = new Uint8Array(width);
    for (var k = 0; k < a.length; k++) {
      var v = a[k];
      if (v > high) high = v;
      if (name === "sigmoid") {
        if (v < thresholds.sigmoid || v > 1 - thresholds.sigmoid) saturated++;
      } else if (name === "tanh") {
        if (Math.abs(v) > thresholds.tanh) saturated++;
      } else if (v !== 0) {
        alive[k % width] = 1;
      }
      if (Math.abs(v - act.centre) <= thresholds.collapse) collapsed++;
    }
    layer.std = std(a);
    if (name === "relu") {
      var dead = 0;
      for (var j = 0; j < width; j++) dead += alive[j] ? 0 : 1;
      layer.dead = dead / width;
    } else {
      layer.saturated = saturated / a.length;
      layer.collapsed = collapsed / a.length;
    }
    layer.high = high;
  }

  function colours(root) {
    var style = getComputedStyle(root);
    var primary = style.getPropertyValue("--pst-color-primary").trim() || "#1f77b4";
    return { text: style.color, bar: primary, grid: style.getPropertyValue(
      "--pst-color-border").trim() || "#999" };
  }

  // The width the canvas may take: its parent's content box.
  function contentWidth(element) {
    var style = getComputedStyle(element);
    var width = element.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    return Math.max(200, Math.floor(width || 640));
  }

  function drawHistograms(canvas, layers, strings, root) {
    var c = colours(root), box = contentWidth(canvas.parentNode);
    var columns = Math.max(1, Math.min(layers.length, Math.floor(box / 120)));
    var rows = Math.ceil(layers.length / columns);
    var panel = box / columns, height = 120, ratio = window.devicePixelRatio || 1;
    canvas.style.width = box + "px";
    canvas.style.height = rows * height + "px";
    canvas.width = Math.round(box * ratio);
    canvas.height = Math.round(rows * height * ratio);
    var g = canvas.getContext("2d");
    g.setTransform(ratio, 0, 0, ratio, 0, 0);
    g.clearRect(0, 0, box, rows * height);
    g.font = "13px sans-serif";
    layers.forEach(function (layer, l) {
      var x0 = (l % columns) * panel + 6, y0 = Math.floor(l / columns) * height;
      var w = panel - 12, h = height - 40, bins = layer.histogram.bins;
      var most = 0;
      for (var b = 0; b < bins.length; b++) most = Math.max(most, bins[b]);
      g.fillStyle = c.bar;
      for (var k = 0; k < bins.length; k++) {
        var bh = most > 0 ? bins[k] / most * h : 0;
        g.fillRect(x0 + k * w / bins.length, y0 + 18 + h - bh, w / bins.length - 0.5, bh);
      }
      g.fillStyle = c.text;
      g.textAlign = "center";
      g.fillText(format(strings["layer {layer}"], { layer: l + 1 }), x0 + w / 2, y0 + 13);
      var range = layer.histogram.range;
      g.textAlign = "left";
      g.fillText(significant(range[0], 2), x0, y0 + height - 8);
      g.textAlign = "right";
      g.fillText(significant(range[1], 2), x0 + w, y0 + height - 8);
      g.strokeStyle = c.text;
      g.beginPath();
      g.moveTo(x0, y0 + 18 + h + 0.5);
      g.lineTo(x0 + w, y0 + 18 + h + 0.5);
      g.stroke();
    });
    canvas.setAttribute("aria-label", strings["histograms of the activations of each layer"]);
  }

  function drawGradients(canvas, layers, strings, root) {
    var c = colours(root), box = contentWidth(canvas.parentNode);
    var height = 240, ratio = window.devicePixelRatio || 1;
    canvas.style.width = box + "px";
    canvas.style.height = height + "px";
    canvas.width = Math.round(box * ratio);
    canvas.height = Math.round(height * ratio);
    var g = canvas.getContext("2d");
    g.setTransform(ratio, 0, 0, ratio, 0, 0);
    g.clearRect(0, 0, box, height);
    g.font = "13px sans-serif";
    var logs = layers.map(function (layer) { return Math.log10(layer.gradientStd); });
    var low = Math.floor(Math.min.apply(null, logs)), high = Math.ceil(Math.max.apply(null, logs));
    if (high === low) high = low + 1;
    var left = 56, right = box - 16, top = 12, bottom = height - 36;
    function px(l) { return layers.length === 1 ? (left + right) / 2
      : left + l * (right - left) / (layers.length - 1); }
    function py(v) { return bottom - (v - low) / (high - low) * (bottom - top); }
    g.strokeStyle = c.grid;
    g.fillStyle = c.text;
    g.textAlign = "right";
    var step = Math.max(1, Math.ceil((high - low) / 6));
    for (var d = low; d <= high; d += step) {
      g.beginPath();
      g.moveTo(left, py(d) + 0.5);
      g.lineTo(right, py(d) + 0.5);
      g.stroke();
      g.fillText("1e" + d, left - 6, py(d) + 4);
    }
    g.textAlign = "center";
    layers.forEach(function (layer, l) {
      g.fillText(String(l + 1), px(l), bottom + 18);
    });
    g.fillText(strings.layer, (left + right) / 2, height - 2);
    g.strokeStyle = c.bar;
    g.fillStyle = c.bar;
    g.lineWidth = 2;
    g.beginPath();
    logs.forEach(function (v, l) { if (l) g.lineTo(px(l), py(v)); else g.moveTo(px(l), py(v)); });
    g.stroke();
    logs.forEach(function (v, l) {
      g.beginPath();
      g.arc(px(l), py(v), 4, 0, 2 * Math.PI);
      g.fill();
    });
    g.lineWidth = 1;
    canvas.setAttribute("aria-label", strings[
      "standard deviation of the back-propagated gradient in each layer, on a logarithmic scale"]);
  }

  function start(root) {
    // The site's narrow-screens.js wraps a table that overflows in a scrolling box, once if the
    // table's parent is marked as the theme's container (else again at each of its updates).
    // It may have run already (its box is then the parent): mark whichever is the parent.
    root.querySelector(".explorer-table table").parentElement.classList.add(
      "pst-scrollable-table-container");
    var data = JSON.parse(root.querySelector("script.explorer-data").textContent);
    var strings = data.strings, sizes = data.sizes, id = root.id;
    var japanese = /^ja\b/.test(document.documentElement.lang);
    var scale = document.getElementById(id + "-scale");
    var scaleValue = document.getElementById(id + "-scale-value");
    var widthSelect = document.getElementById(id + "-width");
    var depth = document.getElementById(id + "-depth");
    var depthValue = document.getElementById(id + "-depth-value");
    var canvas = root.querySelector("canvas.explorer-plot");
    var summary = root.querySelector(".explorer-summary");
    var note = root.querySelector(".explorer-note");
    var tbody = root.querySelector(".explorer-table tbody");
    var stopButtons = root.querySelectorAll("button[data-stop]");
    var cache = {}, buffers = null, layers = null, shown = null, pending = false;
    var announce = null;

    data.widths.forEach(function (w) {
      var option = document.createElement("option");
      option.value = String(w);
      option.textContent = String(w);
      widthSelect.appendChild(option);
    });

    function stopsFor(width) {  // the package's schemes at this width (weight_scale_stops)
      return data.stopScales[String(width)];
    }

    var d = data.defaults;
    var state = { activation: d.activation, stop: d.stop, width: d.width, depth: d.depth,
      scale: stopsFor(d.width)[d.stop], view: "activations" };

    function buffersFor(width) {
      var size = sizes.samples * width, outputs = [];
      for (var l = 0; l < sizes.maxDepth; l++) outputs.push(new Float64Array(size));
      return { width: width, outputs: outputs, scratch: new Float64Array(size),
        upstream: new Float64Array(size), delta: new Float64Array(size) };
    }

    function syncControls() {
      root.querySelectorAll('input[name="' + id + '-activation"]').forEach(function (r) {
        r.checked = r.value === state.activation;
      });
      root.querySelectorAll('input[name="' + id + '-view"]').forEach(function (r) {
        r.checked = r.value === state.view;
      });
      scale.value = String(Math.log10(state.scale));
      var shown = "s = " + significant(state.scale, 3);
      if (state.stop) {
        var name = data.stops[state.stop];
        shown += japanese ? "（" + name + "）" : " (" + name + ")";
      }
      scaleValue.textContent = shown;
      scale.setAttribute("aria-valuetext", shown);
      stopButtons.forEach(function (b) {
        b.setAttribute("aria-pressed", String(b.getAttribute("data-stop") === state.stop));
      });
      widthSelect.value = String(state.width);
      depth.value = String(state.depth);
      depthValue.textContent = String(state.depth);
      note.hidden = state.width === sizes.inputs;
      note.textContent = format(strings[
        "{n_inputs} inputs feed layer 1: its weights have standard deviation s·√(n/{n_inputs})."],
        { n_inputs: sizes.inputs });
    }

    function cell(row, stat, text, hidden) {
      var td = document.createElement(stat === "layer" ? "th" : "td");
      if (stat === "layer") td.scope = "row";
      td.setAttribute("data-stat", stat);
      td.textContent = text;
      td.hidden = hidden;
      row.appendChild(td);
    }

    function table() {
      var relu = shown.activation === "relu";
      root.querySelectorAll(".explorer-table thead th").forEach(function (th, k) {
        th.hidden = relu ? k === 2 || k === 3 : k === 4;
      });
      tbody.textContent = "";
      layers.forEach(function (layer, l) {
        var row = document.createElement("tr");
        cell(row, "layer", String(l + 1), false);
        cell(row, "std", significant(layer.std, 3), false);
        cell(row, "saturated", relu ? "" : percent(layer.saturated), relu);
        cell(row, "collapsed", relu ? "" : percent(layer.collapsed), relu);
        cell(row, "dead", relu ? percent(layer.dead) : "", !relu);
        cell(row, "gradient_std", significant(layer.gradientStd, 3), false);
        tbody.appendChild(row);
      });
    }

    function describe() {
      var top = layers[layers.length - 1];
      var words = [format(strings["{activation}, s = {scale}, {width} units, {depth} layers."], {
        activation: data.activations[shown.activation], scale: significant(shown.scale, 3),
        width: shown.width, depth: shown.depth })];
      words.push(format(strings["Layer {depth}: std {std}."],
        { depth: shown.depth, std: significant(top.std, 3) }));
      if (shown.activation === "relu") {
        words.push(format(strings["Dead units {dead}."], { dead: percent(top.dead) }));
      } else {
        words.push(format(strings["Saturated {saturated}, collapsed {collapsed}."],
          { saturated: percent(top.saturated), collapsed: percent(top.collapsed) }));
      }
      if (shown.depth > 1) {
        words.push(format(strings[
          "The gradient's std is {ratio} times as large in layer 1 as in layer {depth}."],
          { ratio: significant(layers[0].gradientStd / top.gradientStd, 2), depth: shown.depth }));
      }
      return words.join(japanese ? "" : " ");  // Japanese sentences follow 。 without a space
    }

    function draw() {
      if (state.view === "activations") drawHistograms(canvas, layers, strings, root);
      else drawGradients(canvas, layers, strings, root);
    }

    // One pass at a time: each frame computes as many samples as fit in FRAME_BUDGET_MS, then
    // redraws with the samples done so far, so a slider move shows at the next frame and the
    // picture sharpens until all samples are in.
    var FRAME_BUDGET_MS = 8, CHUNK = 25, run = null;

    function begin() {
      var gradient = [];
      for (var l = 0; l < state.depth; l++) gradient.push({ sum: 0, squares: 0 });
      var snapshot = {};
      Object.keys(state).forEach(function (k) { snapshot[k] = state[k]; });
      run = { state: snapshot, scales: layerScales(snapshot, sizes), done: 0,
        gradient: gradient, began: performance.now(), frames: 0 };
      root.setAttribute("data-complete", "false");
      syncControls();  // the slider's aria-valuetext at once, not a frame after the key press
      schedule();
    }

    function frame() {
      pending = false;
      var began = performance.now(), current = run, width = current.state.width;
      var key = sizes.seed + "|" + width;
      if (!cache[key]) cache[key] = draws(sizes.seed, sizes, width);
      if (!buffers || buffers.width !== width) buffers = buffersFor(width);
      do {
        var next = Math.min(sizes.samples, current.done + CHUNK);
        computeRows(current.state, cache[key], current, buffers, current.done, next);
        current.done = next;
      } while (current.done < sizes.samples && performance.now() - began < FRAME_BUDGET_MS);
      var computed = performance.now();
      layers = statistics(current.state, current, buffers, sizes, data.thresholds);
      shown = current.state;
      syncControls();
      table();
      draw();
      var done = performance.now();
      current.frames += 1;
      if (current.frames === 1) {
        // from the input event to the first redraw (the wait for the frame included), and the
        // work inside that frame (computing and drawing), which must fit in one frame
        root.setAttribute("data-first-frame-ms", (done - current.began).toFixed(2));
        root.setAttribute("data-first-work-ms", (done - began).toFixed(2));
      }
      root.setAttribute("data-frame-compute-ms", (computed - began).toFixed(2));
      root.setAttribute("data-frame-render-ms", (done - computed).toFixed(2));
      if (current.done < sizes.samples) {
        schedule();
        return;
      }
      root.setAttribute("data-full-ms", (done - current.began).toFixed(2));
      root.setAttribute("data-frames", String(current.frames));
      root.setAttribute("data-state", JSON.stringify(current.state));
      root.weightinitLayers = layers;  // what the browser tests compare with the package
      root.setAttribute("data-complete", "true");
      clearTimeout(announce);  // one announcement when the picture is complete
      announce = setTimeout(function () { summary.textContent = describe(); }, 250);
    }

    function schedule() {
      if (!pending) {
        pending = true;
        requestAnimationFrame(frame);
      }
    }

    root.addEventListener("change", function (event) {
      var target = event.target;
      if (target.name === id + "-view") {
        state.view = target.value;
        if (layers) draw();
        return;
      }
      if (target.name === id + "-activation") state.activation = target.value;
      else if (target === widthSelect) {
        state.width = Number(widthSelect.value);
        if (state.stop) state.scale = stopsFor(state.width)[state.stop];
      } else return;
      begin();
    });
    scale.addEventListener("input", function () {
      var value = Number(scale.value), stops = stopsFor(state.width);
      state.scale = Math.pow(10, value);
      state.stop = null;
      Object.keys(stops).forEach(function (name) {  // within half a step of a stop: the stop
        if (Math.abs(Math.log10(stops[name]) - value) < 0.026) {
          state.scale = stops[name];
          state.stop = name;
        }
      });
      begin();
    });
    depth.addEventListener("input", function () {
      state.depth = Number(depth.value);
      begin();
    });
    stopButtons.forEach(function (button) {
      button.addEventListener("click", function () {
        state.stop = button.getAttribute("data-stop");
        state.scale = stopsFor(state.width)[state.stop];
        begin();
      });
    });
    window.addEventListener("resize", function () { if (layers) draw(); });
    new MutationObserver(function () { if (layers) draw(); }).observe(
      document.documentElement, { attributes: true, attributeFilter: ["data-theme"] });

    root.hidden = false;
    begin();
  }

  // The unit-normal draws, for the browser tests to feed the same numbers to the package.
  explorers.activationDraws = draws;
  document.querySelectorAll('[data-explorer="activations"]').forEach(start);
})();
