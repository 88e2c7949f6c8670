package ui

import (
	"context"
	"sync"
	"time"

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

	mu      sync.Mutex
	pending int // pieces of work not yet returned

	// queue, in tests only, holds ui callbacks until the test goroutine runs
	// them (settle, drain). Fyne's test driver would run them on the worker
	// itself, concurrently with the test: unlike the real app.
	queue chan func()
}

func newBridge() *bridge {
	ctx, stop := context.WithCancel(context.Background())
	return &bridge{ctx: ctx, stop: stop}
}

// uiFunc runs f on the UI goroutine.
type uiFunc func(f func())

// do hands f to the UI goroutine. Under the real driver it returns at once
// and f runs later, in order.
func (b *bridge) do(f func()) {
	if b.ctx.Err() != nil {
		// The window is closed: once Fyne has shut down it would run f right
		// here, on the worker, against widgets nobody sees.
		return
	}
	if b.queue != nil {
		b.queue <- f
		return
	}
	fyne.Do(f)
}

// run starts work on its own goroutine with a context that cancel (and the
// window closing) cancels. The work reports to widgets only through ui.
func (b *bridge) run(work func(ctx context.Context, ui uiFunc)) (cancel context.CancelFunc) {
	ctx, cancel := context.WithCancel(b.ctx)
	b.mu.Lock()
	b.pending++
	b.mu.Unlock()
	b.wg.Add(1)
	go func() {
		defer b.wg.Done()
		defer func() {
			b.mu.Lock()
			b.pending--
			b.mu.Unlock()
		}()
		defer cancel()
		work(ctx, b.do)
	}()
	return cancel
}

// settle runs queued ui callbacks on the calling goroutine until every piece
// of work, including work those callbacks start, has returned and reported.
// It is the tests' completion hook.
func (b *bridge) settle() {
	for {
		b.drain()
		b.mu.Lock()
		idle := b.pending == 0
		b.mu.Unlock()
		// A worker queues its last callback before it counts as returned.
		if idle && len(b.queue) == 0 {
			return
		}
		select {
		case f := <-b.queue:
			f()
		case <-time.After(time.Millisecond):
		}
	}
}

// drain runs the ui callbacks queued so far, without waiting for more.
func (b *bridge) drain() {
	for {
		select {
		case f := <-b.queue:
			f()
		default:
			return
		}
	}
}

// wait blocks until every piece of work has returned; after close, their
// callbacks are dropped.
func (b *bridge) wait() { b.wg.Wait() }

// close cancels all work; used when the window closes.
func (b *bridge) close() { b.stop() }
