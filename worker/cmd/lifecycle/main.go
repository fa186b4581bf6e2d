// Command lifecycle writes the R2 lifecycle rules of the reports' bucket, as `wrangler r2
// bucket lifecycle set --file` reads them, from the retention periods of rules.yaml
// (delivery.LifecycleRules): a backstop that deletes what the Worker's sweep deletes, a
// week after the sweep would, and never what waits for the abuse mailbox. `make deploy`
// runs it and applies its output before deploying the Worker.
package main

import (
	"encoding/json"
	"flag"
	"log"
	"os"

	"abusedesk/content"
	"abusedesk/content/policy"
	"abusedesk/worker/delivery"
)

// abortMultipartDays keeps R2's default rule, which a set of rules would otherwise
// replace: multipart uploads left unfinished go after a week.
const abortMultipartDays = 7

func main() {
	out := flag.String("o", "", "file to write (standard output when empty)")
	flag.Parse()
	log.SetFlags(0)
	c, err := content.Load(content.FS())
	if err != nil {
		log.Fatal(err)
	}
	data, err := rules(c.Rules.Retention)
	if err != nil {
		log.Fatal(err)
	}
	if *out == "" {
		os.Stdout.Write(data)
		return
	}
	if err := os.WriteFile(*out, data, 0o644); err != nil {
		log.Fatal(err)
	}
}

// The lifecycle configuration as Cloudflare's API and wrangler take it.
type (
	config struct {
		Rules []rule `json:"rules"`
	}
	rule struct {
		ID         string      `json:"id"`
		Enabled    bool        `json:"enabled"`
		Conditions conditions  `json:"conditions"`
		Delete     *transition `json:"deleteObjectsTransition,omitempty"`
		Abort      *transition `json:"abortMultipartUploadsTransition,omitempty"`
	}
	conditions struct {
		Prefix string `json:"prefix"`
	}
	transition struct {
		Condition age `json:"condition"`
	}
	// age is in seconds.
	age struct {
		Type   string `json:"type"`
		MaxAge int64  `json:"maxAge"`
	}
)

func days(n int) *transition {
	return &transition{age{"Age", int64(n) * int64(policy.Day.Seconds())}}
}

// rules is the configuration for retention r, indented JSON.
func rules(r policy.Retention) ([]byte, error) {
	var c config
	for _, l := range delivery.LifecycleRules(r) {
		c.Rules = append(c.Rules, rule{ID: l.ID, Enabled: true, Conditions: conditions{l.Prefix}, Delete: days(l.Days)})
	}
	c.Rules = append(c.Rules, rule{ID: "abort-incomplete-multipart-uploads", Enabled: true, Abort: days(abortMultipartDays)})
	data, err := json.MarshalIndent(c, "", "  ")
	return append(data, '\n'), err
}
