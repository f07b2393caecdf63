// MotionLab's browser bridge: onnxruntime-web sessions for the two pose
// models, and frames: decoded in order by WebCodecs where the browser
// has it, else grabbed by seeking a <video> element. The Go side (wasm/)
// does everything else — crops, decoding, tracking, metrics — with the
// same shared/ code the server runs, so this file stays small.
"use strict";

(() => {
  const ORT = "/web/ort/";
  const dims = {
    detector: [1, 224, 224, 3],
    landmarks: [1, 256, 256, 3],
  };
  let ort = null;
  let det = null;
  let lm = null;
  let video = null;
  let canvas = null;
  let ctx2d = null;
  let dec = null; // the WebCodecs decoder's state (openDecoder)

  async function fetchModel(url) {
    const r = await fetch(url);
    if (!r.ok) throw new Error(`model ${url}: HTTP ${r.status}`);
    return new Uint8Array(await r.arrayBuffer());
  }

  // Which backends this browser might run, best first: WebGPU needs an
  // adapter, WebGL a WebGL2 context; WASM always exists.
  async function candidates() {
    const out = [];
    try {
      if (navigator.gpu && (await navigator.gpu.requestAdapter())) out.push("webgpu");
    } catch (_) { /* no adapter */ }
    if (webglAvailable()) out.push("webgl");
    out.push("wasm");
    return out;
  }

  function webglAvailable() {
    try {
      return !!document.createElement("canvas").getContext("webgl2");
    } catch (_) {
      return false;
    }
  }

  async function open(name, detBytes, lmBytes) {
    const mod = await import(ORT + (name === "webgpu" ? "ort.webgpu.min.mjs" : "ort.min.mjs"));
    mod.env.wasm.wasmPaths = ORT;
    // Threads need cross-origin isolation (COOP/COEP on the page); an
    // embedded iframe on a partner page is not isolated and gets one.
    mod.env.wasm.numThreads = self.crossOriginIsolated ? Math.min(4, navigator.hardwareConcurrency || 1) : 1;
    const opts = { executionProviders: [name], graphOptimizationLevel: "all" };
    const d = await mod.InferenceSession.create(detBytes, opts);
    const l = await mod.InferenceSession.create(lmBytes, opts);
    // Some kernels fail only when they run (WebGL and the converted
    // model's Resize): one run on zeros proves the backend.
    for (const [s, shape] of [[d, dims.detector], [l, dims.landmarks]]) {
      const n = shape.reduce((a, b) => a * b, 1);
      await s.run({ [s.inputNames[0]]: new mod.Tensor("float32", new Float32Array(n), shape) });
    }
    return [mod, d, l];
  }

  // Outputs by name (as the converter names them, same as on the server).
  async function run(s, data, shape, names) {
    const out = await s.run({ [s.inputNames[0]]: new ort.Tensor("float32", data, shape) });
    return names.map((n) => out[n].data);
  }

  window.motionlabPose = {
    // load opens both models on the first backend that works, in the order
    // WebGPU → WebGL → WASM (or only those in opts.backends). It resolves
    // to {backend, webgl, tried: [{backend, error}]}.
    async load(opts) {
      const detBytes = await fetchModel(opts.detector);
      const lmBytes = await fetchModel(opts.landmarks);
      let list = await candidates();
      if (opts.backends && opts.backends.length) list = list.filter((b) => opts.backends.includes(b));
      const tried = [];
      for (const b of list) {
        try {
          [ort, det, lm] = await open(b, detBytes, lmBytes);
          return { backend: b, webgl: webglAvailable(), threads: ort.env.wasm.numThreads, tried };
        } catch (e) {
          tried.push({ backend: b, error: String(e && e.message ? e.message : e) });
        }
      }
      throw new Error("no backend could run the pose models: " + tried.map((t) => `${t.backend}: ${t.error}`).join("; "));
    },
    // detect runs the person detector: [boxes, scores] (Float32Arrays).
    async detect(input) {
      return run(det, input, dims.detector, ["Identity", "Identity_1"]);
    },
    // landmarks runs the landmark model: [landmarks, score, world].
    async landmarks(input) {
      const [l, score, world] = await run(lm, input, dims.landmarks, ["Identity", "Identity_1", "Identity_4"]);
      return [l, score[0], world];
    },
    // open loads a video (an object URL) for grabbing frames.
    async open(url) {
      video = document.createElement("video");
      video.muted = true;
      video.playsInline = true;
      video.preload = "auto";
      await new Promise((ok, fail) => {
        video.onloadeddata = ok;
        video.onerror = () => fail(new Error("this browser cannot decode the video"));
        video.src = url;
      });
      canvas = document.createElement("canvas");
      canvas.width = video.videoWidth;
      canvas.height = video.videoHeight;
      ctx2d = canvas.getContext("2d", { willReadFrequently: true });
      return { width: video.videoWidth, height: video.videoHeight, duration: video.duration };
    },
    // grab seeks to t seconds and returns the frame's RGBA pixels.
    async grab(t) {
      await new Promise((ok, fail) => {
        video.onseeked = ok;
        video.onerror = () => fail(new Error("seek failed"));
        video.currentTime = t;
      });
      ctx2d.drawImage(video, 0, 0);
      return ctx2d.getImageData(0, 0, canvas.width, canvas.height).data;
    },
    // openDecoder decodes a video's samples in order with WebCodecs (no
    // seeking): bytes is the file (a Uint8Array), cfg the
    // VideoDecoderConfig, samples [offset, size, key, time µs, duration µs]
    // in decode order, read by the Go side from the MP4 sample table
    // (shared/mp4); matrices the colour matrices (VideoColorSpace.matrix)
    // whose I420 planes the Go side converts itself (shared/frame's
    // MatrixNames: other frames come converted to RGBA by the browser).
    // It fails when the browser cannot decode the codec; the caller then
    // grabs frames instead.
    async openDecoder(bytes, cfg, samples, matrices) {
      if (typeof VideoDecoder === "undefined") throw new Error("no WebCodecs in this browser");
      const support = await VideoDecoder.isConfigSupported(cfg);
      if (!support.supported) throw new Error("this browser's WebCodecs cannot decode " + cfg.codec);
      const d = { frames: [], next: 0, error: null, wake: null, flushed: false, samples, bytes, matrices: new Set(matrices || []) };
      const wake = () => { if (d.wake) { const w = d.wake; d.wake = null; w(); } };
      d.decoder = new VideoDecoder({
        output: (f) => { d.frames.push(f); wake(); },
        error: (e) => { d.error = e; wake(); },
      });
      d.decoder.addEventListener("dequeue", wake);
      d.decoder.configure(cfg);
      canvas = document.createElement("canvas");
      canvas.width = cfg.codedWidth;
      canvas.height = cfg.codedHeight;
      ctx2d = canvas.getContext("2d", { willReadFrequently: true });
      dec = d;
      return { width: canvas.width, height: canvas.height };
    },
    // decodeNext returns the next frame in presentation order, or null
    // after the last: the decoder's own I420 planes where it gives them in
    // a colour matrix the Go side converts ({pix, layout: [offset, stride]
    // of Y, U and V, matrix, full}: a ninth of the copy's cost of having
    // the decoder convert the frame to RGBA, BENCHMARKS.md), else the
    // frame's RGBA pixels; with skip only true (the frame is passed over,
    // not copied). A few samples are kept queued ahead so the decoder
    // works while the models run.
    async decodeNext(skip) {
      const d = dec;
      while (d.frames.length === 0) {
        if (d.error) throw d.error;
        if (d.flushed) return null;
        while (d.next < d.samples.length && d.decoder.decodeQueueSize < 4) {
          const [off, size, key, ts, dur] = d.samples[d.next++];
          d.decoder.decode(new EncodedVideoChunk({ type: key ? "key" : "delta", timestamp: ts, duration: dur, data: d.bytes.subarray(off, off + size) }));
        }
        if (d.frames.length > 0) break;
        if (d.next >= d.samples.length) {
          await d.decoder.flush();
          d.flushed = true;
          continue;
        }
        await new Promise((ok) => { d.wake = ok; });
      }
      const f = d.frames.shift();
      if (skip) {
        f.close();
        return true;
      }
      const r = f.visibleRect;
      const cs = f.colorSpace || {};
      if (!d.noPlanes && f.format === "I420" && d.matrices.has(cs.matrix) && r.width === canvas.width && r.height === canvas.height) {
        const n = f.allocationSize();
        if (!d.yuv || d.yuv.length !== n) d.yuv = new Uint8Array(n);
        try {
          const layout = await f.copyTo(d.yuv);
          f.close();
          return { pix: d.yuv, layout: layout.flatMap((l) => [l.offset, l.stride]), matrix: cs.matrix, full: !!cs.fullRange };
        } catch (_) {
          d.noPlanes = true; // copy them converted from now on
        }
      }
      if (!d.noCopyTo && r.width === canvas.width && r.height === canvas.height) {
        // The decoder's own conversion into one reused buffer: no canvas,
        // no new 7 MB ImageData a frame.
        d.rgba = d.rgba || new Uint8Array(4 * r.width * r.height);
        try {
          await f.copyTo(d.rgba, { format: "RGBA", colorSpace: "srgb" });
          f.close();
          return d.rgba;
        } catch (_) {
          d.noCopyTo = true; // this browser's copyTo cannot convert: draw instead
        }
      }
      ctx2d.drawImage(f, 0, 0);
      f.close();
      return ctx2d.getImageData(0, 0, canvas.width, canvas.height).data;
    },
    // reencode cuts a video exactly, between keyframes, and optionally
    // crops it (frame.visibleRect): WebCodecs decodes the samples from the
    // keyframe at or before startUs (cfg and samples as for openDecoder)
    // and encodes the frames shown in [startUs, endUs) as H.264 without
    // B-frames. It returns the avcC record, the frames ([bytes, key,
    // duration µs]) and the picture size; shared/mp4 writes the file.
    async reencode(bytes, cfg, samples, startUs, endUs, crop, fps) {
      if (typeof VideoDecoder === "undefined" || typeof VideoEncoder === "undefined") throw new Error("this browser has no WebCodecs");
      if (!(await VideoDecoder.isConfigSupported(cfg)).supported) throw new Error("this browser cannot decode " + cfg.codec);
      const w = crop ? crop.width : cfg.codedWidth, h = crop ? crop.height : cfg.codedHeight;
      const enc = { width: w, height: h, bitrate: Math.round(w * h * fps * 0.12), framerate: fps, avc: { format: "avc" } };
      for (const codec of ["avc1.640028", "avc1.640033", "avc1.42001f"]) {
        if ((await VideoEncoder.isConfigSupported({ ...enc, codec })).supported) { enc.codec = codec; break; }
      }
      if (!enc.codec) throw new Error("this browser cannot encode H.264 at " + w + "×" + h);
      const out = { frames: [], description: null, width: w, height: h };
      let failed = null, n = 0;
      const encoder = new VideoEncoder({
        output: (chunk, meta) => {
          if (meta && meta.decoderConfig && meta.decoderConfig.description && !out.description) {
            out.description = new Uint8Array(meta.decoderConfig.description.buffer || meta.decoderConfig.description).slice();
          }
          const b = new Uint8Array(chunk.byteLength);
          chunk.copyTo(b);
          out.frames.push([b, chunk.type === "key", chunk.duration || Math.round(1e6 / fps)]);
        },
        error: (e) => { failed = e; },
      });
      encoder.configure(enc);
      const decoder = new VideoDecoder({
        output: (f) => {
          if (f.timestamp >= startUs && f.timestamp < endUs && !failed) {
            const g = crop ? new VideoFrame(f, { visibleRect: crop }) : f;
            encoder.encode(g, { keyFrame: n % Math.max(1, Math.round(fps)) === 0 });
            n++;
            if (g !== f) g.close();
          }
          f.close();
        },
        error: (e) => { failed = e; },
      });
      decoder.configure(cfg);
      for (const [off, size, key, ts, dur] of samples) {
        if (failed) break;
        decoder.decode(new EncodedVideoChunk({ type: key ? "key" : "delta", timestamp: ts, duration: dur, data: bytes.subarray(off, off + size) }));
        // Keep the queues short: the frames are large.
        while (!failed && (decoder.decodeQueueSize > 4 || encoder.encodeQueueSize > 4)) await new Promise((ok) => setTimeout(ok, 1));
      }
      if (!failed) await decoder.flush();
      if (!failed) await encoder.flush();
      decoder.close();
      encoder.close();
      if (failed) throw failed;
      if (n === 0) throw new Error("no frame between the start and the end");
      return out;
    },
    close() {
      if (video) video.removeAttribute("src");
      if (dec) {
        for (const f of dec.frames) f.close();
        if (dec.decoder.state !== "closed") dec.decoder.close();
      }
      video = canvas = ctx2d = dec = null;
    },
  };
})();
