// The in-browser benchmark's peer: MediaPipe's own PoseLandmarker
// (@mediapipe/tasks-vision, CPU delegate: XNNPACK in WebAssembly) running
// the same BlazePose models as MotionLab (models/mptask's .task) on the
// same clip, its frames decoded by WebCodecs from the MP4 sample table
// that the Go side read with shared/mp4, as MotionLab's app does. The
// clock starts, as the app's does, once the models are loaded and the
// decoder is configured, and covers decoding and pose detection.
import { FilesetResolver, PoseLandmarker } from "/tasks/vision_bundle.mjs";

window.peer = { state: "loading" };

async function bytes(url) {
  const r = await fetch(url);
  if (!r.ok) throw new Error(url + ": " + r.status);
  return new Uint8Array(await r.arrayBuffer());
}

async function run() {
  const fileset = await FilesetResolver.forVisionTasks("/tasks/wasm");
  const landmarker = await PoseLandmarker.createFromOptions(fileset, {
    baseOptions: { modelAssetBuffer: await bytes("/pose_landmarker.task"), delegate: "CPU" },
    runningMode: "VIDEO",
    numPoses: 1,
  });
  const d = await (await fetch("/decoding.json")).json();
  const clip = await bytes("/clip.mp4");
  const frames = [];
  let wake = null, failed = null;
  const decoder = new VideoDecoder({
    output: (f) => { frames.push(f); if (wake) wake(); },
    error: (e) => { failed = e; if (wake) wake(); },
  });
  decoder.configure({ codec: d.codec, description: d.description ? Uint8Array.from(atob(d.description), (c) => c.charCodeAt(0)) : undefined, codedWidth: d.width, codedHeight: d.height });
  let next = 0, done = 0, found = 0, flushed = false;
  const hips = []; // the pose's hip centre in pixels per frame, or null
  const start = performance.now();
  while (true) {
    while (next < d.samples.length && decoder.decodeQueueSize < 4) {
      const [off, size, key, ts, dur] = d.samples[next++];
      decoder.decode(new EncodedVideoChunk({ type: key ? "key" : "delta", timestamp: ts, duration: dur, data: clip.subarray(off, off + size) }));
    }
    if (failed) throw failed;
    if (frames.length === 0) {
      if (next >= d.samples.length) {
        if (flushed) break;
        await decoder.flush();
        flushed = true;
        continue;
      }
      await new Promise((ok) => { wake = ok; });
      wake = null;
      continue;
    }
    const f = frames.shift();
    const r = landmarker.detectForVideo(f, f.timestamp / 1000);
    if (r.landmarks.length > 0) {
      found++;
      const [l, rt] = [r.landmarks[0][23], r.landmarks[0][24]];
      hips.push([(l.x + rt.x) / 2 * d.width, (l.y + rt.y) / 2 * d.height]);
    } else {
      hips.push(null);
    }
    f.close();
    done++;
  }
  const seconds = (performance.now() - start) / 1000;
  window.peer = { state: "done", frames: done, found, fps: done / seconds, hips };
}

run().catch((e) => { window.peer = { state: "failed", error: String(e && e.stack || e) }; });
