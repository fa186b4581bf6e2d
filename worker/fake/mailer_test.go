package fake

import (
	"context"
	"errors"
	"testing"
)

func TestFlakyMailerFailsAboutTheRate(t *testing.T) {
	m := &Mailer{}
	flaky := Flaky(m, 0.5)
	failed := 0
	for range 1000 {
		if err := flaky.Send(context.Background(), "a@x", "b@x", nil); errors.Is(err, ErrInjected) {
			failed++
		}
	}
	if failed < 400 || failed > 600 || failed+len(m.Sent) != 1000 {
		t.Errorf("%d of 1000 failed, %d sent", failed, len(m.Sent))
	}
}
