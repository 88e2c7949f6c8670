package ui

import (
	"context"
	"sync"

	"fyne.io/fyne/v2"
)

// bridge is the only way from our own goroutines back to the widgets. Every
// piece of background work (discovery, checks, keychain, exports) starts with
// bridge.run and touches widgets only inside the ui callback it is given,
// which hands the function to Fyne's UI goroutine with fyne.Do. Keeping every
// hop in this one file makes "the window never freezes, and no widget is
// touched from a worker" something one can read in a minute.
type bridge struct {
	ctx  context.Context // cancelled when the window closes
	stop context.CancelFunc
	wg   sync.WaitGroup
}

func newBridge() *bridge {
	ctx, stop := context.WithCancel(context.Background())
	return &bridge{ctx: ctx, stop: stop}
}

// uiFunc runs f on the UI goroutine.
type uiFunc func(f func())

// do hands f to the UI goroutine. Under the real driver it returns at once
// and f runs later, in order; under Fyne's test driver it runs f now.
func (b *bridge) do(f func()) {
	if b.ctx.Err() != nil {
		// The window is closed: once Fyne has shut down it would run f right
		// here, on the worker, against widgets nobody sees.
		return
	}
	fyne.Do(f)
}

// run starts work on its own goroutine with a context that cancel (and the
// window closing) cancels. The work reports to widgets only through ui.
func (b *bridge) run(work func(ctx context.Context, ui uiFunc)) (cancel context.CancelFunc) {
	ctx, cancel := context.WithCancel(b.ctx)
	b.wg.Add(1)
	go func() {
		defer b.wg.Done()
		defer cancel()
		work(ctx, b.do)
	}()
	return cancel
}

// wait blocks until every piece of work started so far has returned. Tests
// use it as their completion hook: the test driver runs ui callbacks on the
// worker itself, so once wait returns every widget update has happened.
func (b *bridge) wait() { b.wg.Wait() }

// close cancels all work; used when the window closes.
func (b *bridge) close() { b.stop() }
