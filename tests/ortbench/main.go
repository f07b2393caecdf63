// Command ortbench times onnxruntime-web (the app's runtime, WASM backend)
// on the landmark model in headless Chromium, two configurations in one
// page, run after run in turns, so that the box's load falls on both alike:
// issue 19 weighed batched landmark runs and session options with it.
//
//	go run ./tests/ortbench -opts-b '{executionProviders: ["wasm"], graphOptimizationLevel: "extended"}'
//
// A work is b1 (one crop), b1x2 (two crops in two runs), b2 (two crops in
// one run: a model with a free batch dimension, such as the
// pose_landmark_full_batch.onnx that commit 006361e converted; BENCHMARKS.md,
// eighth session), w1 or w2 (one crop on one, or on each of two, Web
// Workers that hold their own single-thread onnxruntime-web); -opts-a and -opts-b are the sessions' options (a
// JavaScript object); -b same runs B on A's session. It prints the median
// and fastest time of each and the median of B/A over the turns (the same
// configuration on both sides shows the noise).
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"os/exec"
	"strconv"
	"strings"
	"time"

	"github.com/chromedp/chromedp"
)

const page = `<!doctype html><script type="module">
try {
  const cfg = CONFIG;
  const ort = await import("/ort/ort.min.mjs");
  ort.env.wasm.wasmPaths = "/ort/";
  ort.env.wasm.numThreads = cfg.threads;
  const load = async (m, o) => ort.InferenceSession.create(new Uint8Array(await (await fetch("/m/" + m)).arrayBuffer()), o);
  const sA = await load(cfg.a, cfg.optsA), sB = cfg.b === "same" ? sA : await load(cfg.b, cfg.optsB);
  // Inputs of fixed pseudo-random values in [0, 1): the runs' cost does not
  // depend on the picture.
  const input = (n) => { const a = new Float32Array(n * 256 * 256 * 3); for (let i = 0; i < a.length; i++) a[i] = ((i * 2654435761) % 1000) / 1000; return new ort.Tensor("float32", a, [n, 256, 256, 3]); };
  const one = input(1), two = input(2);
  // w1 and w2: one crop on one, or one crop on each of two, Web Workers
  // that each hold their own single-thread onnxruntime-web and session
  // (the page's own sessions stay idle).
  const workerCode = "import * as ort from '" + location.origin + "/ort/ort.min.mjs';" +
    "ort.env.wasm.wasmPaths = '" + location.origin + "/ort/'; ort.env.wasm.numThreads = 1;" +
    "let s; const a = new Float32Array(256 * 256 * 3); for (let i = 0; i < a.length; i++) a[i] = ((i * 2654435761) % 1000) / 1000;" +
    "onmessage = async (e) => { if (e.data.model) { s = await ort.InferenceSession.create(new Uint8Array(await (await fetch('" + location.origin + "/m/' + e.data.model)).arrayBuffer()), { executionProviders: ['wasm'], graphOptimizationLevel: 'all' }); postMessage('ready'); return; }" +
    "await s.run({ input_1: new ort.Tensor('float32', a, [1, 256, 256, 3]) }); postMessage('done'); };";
  const workers = [];
  if ([cfg.workA, cfg.workB].some((w) => w[0] === "w")) {
    const url = URL.createObjectURL(new Blob([workerCode], { type: "text/javascript" }));
    for (let i = 0; i < 2; i++) {
      const w = new Worker(url, { type: "module" });
      await new Promise((ok, fail) => { w.onmessage = ok; w.onerror = fail; w.postMessage({ model: cfg.a }); });
      workers.push(w);
    }
  }
  const onWorker = (w) => new Promise((ok) => { w.onmessage = ok; w.postMessage({}); });
  const work = async (s, w) => {
    if (w === "b2") await s.run({ input_1: two });
    else if (w === "b1") await s.run({ input_1: one });
    else if (w === "w1") await onWorker(workers[0]);
    else if (w === "w2") await Promise.all(workers.map(onWorker));
    else { await s.run({ input_1: one }); await s.run({ input_1: one }); }
  };
  for (let i = 0; i < 3; i++) { await work(sA, cfg.workA); await work(sB, cfg.workB); }
  const A = [], B = [];
  for (let i = 0; i < cfg.turns; i++) {
    let t = performance.now(); await work(sA, cfg.workA); A.push(performance.now() - t);
    t = performance.now(); await work(sB, cfg.workB); B.push(performance.now() - t);
  }
  const med = (x) => [...x].sort((p, q) => p - q)[Math.floor(x.length / 2)];
  window.result = "A: median " + med(A).toFixed(1) + " ms, fastest " + Math.min(...A).toFixed(1) + " ms; B: median " + med(B).toFixed(1) +
    " ms, fastest " + Math.min(...B).toFixed(1) + " ms; B/A (median over turns) " + med(A.map((a, i) => B[i] / a)).toFixed(3);
} catch (e) { window.result = "error: " + e; }
</script>`

func main() {
	threads := flag.Int("threads", 2, "env.wasm.numThreads (2+ need the cross-origin isolation this server gives)")
	a := flag.String("a", "pose_landmark_full.onnx", "model A (a file of -models)")
	b := flag.String("b", "pose_landmark_full.onnx", `model B, or "same": A's session`)
	optsA := flag.String("opts-a", `{executionProviders: ["wasm"], graphOptimizationLevel: "all"}`, "session options of A")
	optsB := flag.String("opts-b", `{executionProviders: ["wasm"], graphOptimizationLevel: "all"}`, "session options of B")
	workA := flag.String("work-a", "b1", "A's work each turn: b1, b1x2, b2, w1 or w2 (one crop on one or on each of two single-thread Web Workers, each with model A)")
	workB := flag.String("work-b", "b1", "B's work each turn")
	turns := flag.Int("turns", 40, "turns (A then B each)")
	models := flag.String("models", ".cache/models", "converted models")
	ortDir := flag.String("ort", "public/web/ort", "onnxruntime-web's files (make setup copies them)")
	flag.Parse()
	for _, w := range []string{*workA, *workB} {
		if w != "b1" && w != "b1x2" && w != "b2" && w != "w1" && w != "w2" {
			log.Fatalf("work %q: want b1, b1x2, b2, w1 or w2", w)
		}
	}
	cfg := fmt.Sprintf(`{threads: %d, a: %s, b: %s, optsA: %s, optsB: %s, workA: %s, workB: %s, turns: %d}`,
		*threads, strconv.Quote(*a), strconv.Quote(*b), *optsA, *optsB, strconv.Quote(*workA), strconv.Quote(*workB), *turns)
	html := strings.Replace(page, "CONFIG", cfg, 1)

	// Threads need SharedArrayBuffer, so the page must be cross-origin isolated.
	isolated := func(h http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Cross-Origin-Opener-Policy", "same-origin")
			w.Header().Set("Cross-Origin-Embedder-Policy", "require-corp")
			h.ServeHTTP(w, r)
		})
	}
	mux := http.NewServeMux()
	mux.Handle("/ort/", isolated(http.StripPrefix("/ort/", http.FileServer(http.Dir(*ortDir)))))
	mux.Handle("/m/", isolated(http.StripPrefix("/m/", http.FileServer(http.Dir(*models)))))
	mux.Handle("/{$}", isolated(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, html)
	})))
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		log.Fatal(err)
	}
	go http.Serve(ln, mux)

	path, err := exec.LookPath("chromium")
	if err != nil {
		log.Fatalf("chromium is not installed (make setup installs it): %v", err)
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(path), chromedp.NoSandbox, chromedp.Flag("disable-gpu", true))
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancel()
	ctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	ctx, cancel = context.WithTimeout(ctx, 10*time.Minute)
	defer cancel()
	if _, err := chromedp.Run(ctx, chromedp.Navigate("http://"+ln.Addr().String()+"/")); err != nil {
		log.Fatalf("open the page: %v", err)
	}
	for {
		time.Sleep(time.Second)
		res, err := chromedp.Run(ctx, chromedp.Evaluate[string](`window.result || ""`))
		if err != nil {
			log.Fatalf("read the result: %v", err)
		}
		if res != "" {
			fmt.Printf("threads %d; A: %s %s %s; B: %s %s %s\n%s\n", *threads, *a, *optsA, *workA, *b, *optsB, *workB, res)
			if strings.HasPrefix(res, "error") {
				log.Fatal("the page failed")
			}
			return
		}
	}
}
