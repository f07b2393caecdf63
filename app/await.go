package app

import "errors"

// promise is what both JS value wrappers offer: syscall/js's js.Value (the
// wasm bridge) and go-app's app.Value (pages and the embed).
type promise[V any] interface {
	Call(m string, args ...any) V
}

// Await blocks the calling goroutine (never the JS event loop: callers run
// in their own goroutine) until p settles, and gives its value or, when p
// is rejected, an error that message words from the reason. funcOf is the
// wrapper's FuncOf: one implementation serves both wrappers.
func Await[V promise[V], F interface{ Release() }](p V, funcOf func(func(this V, args []V) any) F, message func(reason V) string) (V, error) {
	type result struct {
		v   V
		err error
	}
	ch := make(chan result, 1)
	ok := funcOf(func(_ V, args []V) any { ch <- result{v: args[0]}; return nil })
	fail := funcOf(func(_ V, args []V) any { ch <- result{err: errors.New(message(args[0]))}; return nil })
	p.Call("then", ok, fail)
	r := <-ch
	ok.Release()
	fail.Release()
	return r.v, r.err
}
