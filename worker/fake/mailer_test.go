package fake

import (
	"context"
	"errors"
	"testing"

	"abusedesk/worker/email"
)

func TestFlakyMailerFailsAboutTheRate(t *testing.T) {
	m := &Mailer{}
	flaky := Flaky(m, 0.5)
	failed := 0
	for range 1000 {
		if err := flaky.Send(context.Background(), email.Raw("a@x", "b@x", nil)); errors.Is(err, ErrInjected) {
			failed++
		}
	}
	if failed < 400 || failed > 600 || failed+len(m.Sent) != 1000 {
		t.Errorf("%d of 1000 failed, %d sent", failed, len(m.Sent))
	}
}

func TestRefusingRefusesForGoodWhatHoldsTheMarker(t *testing.T) {
	m := &Mailer{}
	refusing := Refusing(m, "REFUSE-ME")
	err := refusing.Send(context.Background(), email.Raw("a@x", "b@x", []byte("Subject: x\r\n\r\nplease REFUSE-ME\r\n")))
	if !email.Permanent(err) {
		t.Errorf("a marked message: %v, want a permanent refusal", err)
	}
	if err := refusing.Send(context.Background(), email.Raw("a@x", "b@x", []byte("Subject: y\r\n\r\nfine\r\n"))); err != nil || len(m.Sent) != 1 {
		t.Errorf("another message: %v, %d sent", err, len(m.Sent))
	}
}
