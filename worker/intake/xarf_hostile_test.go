package intake

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"abusedesk/schemas/api"
)

// TestXARFHostile: keys, tokens, sizes and batches as an attacker would send them. Every
// answer is one of the table's, nothing refused is stored or mailed, no key is logged, and
// no key of another's shape reads the store.
func TestXARFHostile(t *testing.T) {
	f := newXARFFixture(t)
	spam := string(sample(t, "messaging-spam.json"))
	deep := strings.Repeat("[", 20000) + strings.Repeat("]", 20000)
	var many strings.Builder
	for i := range 100000 {
		fmt.Fprintf(&many, `"m%d":1,`, i)
	}
	manyKeys := "{" + many.String() + `"b":2}`
	for _, c := range []struct {
		name   string
		auth   string // the Authorization header; "" is the fixture's key
		body   string
		header []string
		want   api.Outcome
	}{
		// Keys.
		{"a Basic credential", "Basic " + f.key, spam, nil, api.Outcomes.XARFUnauthorized},
		{"the key without its scheme", f.key, spam, nil, api.Outcomes.XARFUnauthorized},
		{"the key and a NUL", "Bearer " + f.key + "\x00", spam, nil, api.Outcomes.XARFUnauthorized},
		{"the key twice", "Bearer " + f.key + " " + f.key, spam, nil, api.Outcomes.XARFUnauthorized},
		{"a key of 8 KiB", "Bearer adk_" + strings.Repeat("a", 8192), spam, nil, api.Outcomes.XARFUnauthorized},
		{"a path in the id", "Bearer adk_..%2f..%2fcases_" + strings.Repeat("b", 52), spam, nil, api.Outcomes.XARFUnauthorized},
		{"the key in upper case", "Bearer " + strings.ToUpper(f.key), spam, nil, api.Outcomes.XARFUnauthorized},
		{"the scheme in lower case", "bearer " + f.key, spam, nil, api.Outcomes.XARFAccepted},
		// Tokens.
		{"a token of bidi controls", "", spam, []string{"Idempotency-Key", "\u202etoken"}, api.Outcomes.XARFBadToken},
		{"a token of 129", "", spam, []string{"Idempotency-Key", strings.Repeat("k", 129)}, api.Outcomes.XARFBadToken},
		{"a token of spaces", "", spam, []string{"Idempotency-Key", "   "}, api.Outcomes.XARFBadToken},
		{"an empty client_token", "", `{"client_token":"",` + spam[1:], nil, api.Outcomes.XARFBadToken},
		{"a client_token object", "", `{"client_token":{"a":1},` + spam[1:], nil, api.Outcomes.XARFBadToken},
		// Bodies.
		{"nested 20,000 deep", "", deep, nil, api.Outcomes.XARFUnreadable},
		{"100,000 members", "", manyKeys, nil, api.Outcomes.XARFInvalid},
		{"a category said twice", "", `{"category":"content",` + spam[1:], nil, api.Outcomes.XARFUnreadable},
		{"a member said twice deep inside", "", strings.Replace(spam, `"reporter": {`, `"reporter": {"org": "Someone else", `, 1), nil, api.Outcomes.XARFUnreadable},
		{"a byte-order mark", "", "\ufeff" + spam, nil, api.Outcomes.XARFUnreadable},
		{"null", "", "null", nil, api.Outcomes.XARFUnreadable},
		{"a trailing comma", "", strings.TrimSpace(spam)[:len(strings.TrimSpace(spam))-1] + ",}", nil, api.Outcomes.XARFUnreadable},
		// Batches.
		{"a batch of batches", "", "[[" + spam + "]]", nil, api.Outcomes.XARFBatch},
		{"a batch of nulls", "", "[null,null]", nil, api.Outcomes.XARFBatch},
		{"a batch with a member said twice", "", `[{"category":"content",` + spam[1:] + "]", nil, api.Outcomes.XARFUnreadable},
	} {
		t.Run(c.name, func(t *testing.T) {
			auth := c.auth
			if auth == "" {
				auth = "Bearer " + f.key
			}
			puts, sent := f.store.Puts, len(f.mailer.Sent)
			w := f.do(http.MethodPost, api.XARFPath, "application/json", c.body, append([]string{"Authorization", auth, "Accept-Language", "en"}, c.header...)...)
			if !is(w, c.want) {
				t.Fatalf("%d %.300s, want %s", w.Code, w.Body, named(c.want))
			}
			if c.want == api.Outcomes.XARFBatch {
				for i, r := range decode[api.XARFBatch](t, w).Results {
					if r.Status != api.Outcomes.XARFUnreadable.Status || r.Error != api.Outcomes.XARFUnreadable.Code {
						t.Errorf("item %d: %+v", i, r)
					}
				}
			}
			if c.want != api.Outcomes.XARFAccepted && (f.store.Puts != puts || len(f.mailer.Sent) != sent) {
				t.Errorf("refused, yet %d objects written and %d mailed", f.store.Puts-puts, len(f.mailer.Sent)-sent)
			}
		})
	}
	if strings.Contains(f.log.String(), strings.Split(f.key, "_")[2]) {
		t.Error("a key's secret was logged")
	}

	// A key not of a key's shape is refused without a read: with the store failing, it is
	// still 401, while the right key is told the store failed.
	f.store.Err = errors.New("R2 is down")
	for _, auth := range []string{"", "Bearer ", "Bearer x", "Bearer adk_" + strings.Repeat("a", 200)} {
		if w := f.do(http.MethodPost, api.XARFPath, "application/json", spam, "Authorization", auth); !is(w, api.Outcomes.XARFUnauthorized) {
			t.Errorf("%.40q with the store down: %d", auth, w.Code)
		}
	}
	if w := f.post(f.key, []byte(spam)); !is(w, api.Outcomes.XARFUnavailable) {
		t.Errorf("the right key with the store down: %d %s", w.Code, w.Body)
	}
	f.store.Err = nil

	// A batch is read whole before any item is filed: one over the cap files none.
	big := "[" + spam + `,{"description":"` + strings.Repeat("x", api.MaxXARFBody) + `"}]`
	puts := f.store.Puts
	if w := f.post(f.key, []byte(big)); !is(w, api.Outcomes.XARFTooLarge) || f.store.Puts != puts {
		t.Errorf("a batch over the cap: %d, %d objects written", w.Code, f.store.Puts-puts)
	}
}
