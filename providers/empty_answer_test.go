package providers

import (
	"context"
	"net"
	"testing"
	"time"

	"github.com/mailsetup/mailsetup/internal/fakenet"
	"github.com/mailsetup/mailsetup/resolve"
)

// emptyResolver answers every MX and SRV question with no records and no
// error: the Resolver interface does not forbid it, and discovery must not
// index into the empty answer.
type emptyResolver struct{ resolve.Resolver }

func (emptyResolver) LookupMX(context.Context, string) ([]*net.MX, resolve.Result, error) {
	return nil, resolve.Result{}, nil
}

func (emptyResolver) LookupSRV(context.Context, string, string, string) ([]*net.SRV, resolve.Result, error) {
	return nil, resolve.Result{}, nil
}

func TestDiscoverEmptyAnswersNoPanic(t *testing.T) {
	w := fakenet.New(t)
	opts := options(w, 300*time.Millisecond)
	opts.Network.Resolver = emptyResolver{opts.Network.Resolver}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if _, err := Discover(ctx, mustAddr(t, "ana@nothing-here.test"), opts); err == nil {
		t.Fatal("settings found for a domain with no records")
	}
}
