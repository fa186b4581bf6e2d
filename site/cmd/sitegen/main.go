// Command sitegen builds the site: every page of every language, the form, and the
// assets, into one folder that the Worker serves. With -check it only checks the content.
//
//	go run ./site/cmd/sitegen -content content -o build/site [-turnstile-site-key KEY]
package main

import (
	"errors"
	"flag"
	"log"
	"os"

	"abusedesk/content"
	"abusedesk/site"
	"abusedesk/site/formhtml"
)

func main() {
	contentDir := flag.String("content", "content", "the content folder (rules.yaml, pages/)")
	out := flag.String("o", "build/site", "the folder to write the site into")
	check := flag.Bool("check", false, "only check the content (translations, links), writing nothing")
	approved := flag.Bool("approved", false, "only check that the legal team has approved everything (rules.yaml and provider.yaml's unapproved:, the pages' LEGAL REVIEW passages); exit 1, listing each, if not")
	siteKey := flag.String("turnstile-site-key", "", "put Cloudflare Turnstile's widget of this site key on the form (the Worker then needs the secret TURNSTILE_SECRET)")
	flag.Parse()
	log.SetFlags(0)

	s, err := site.Load(os.DirFS(*contentDir), formhtml.Options{TurnstileSiteKey: *siteKey})
	var problems content.Problems
	if errors.As(err, &problems) {
		log.Fatal(problems.In(*contentDir))
	}
	if err != nil {
		log.Fatal(err)
	}
	if *approved {
		if pending := s.Unapproved(); len(pending) > 0 {
			log.Fatalf("%v\nsitegen: %d passages and values await the legal team's approval (README: Approval)", pending, len(pending))
		}
		log.Print("sitegen: everything is approved")
		return
	}
	if *check {
		if problems := s.Check(); len(problems) > 0 {
			log.Fatal(problems)
		}
		// Not problems: what the legal team has still to approve, which the pages show
		// marked so and make deploy refuses to publish.
		pending := s.Unapproved()
		for _, u := range pending {
			log.Printf("awaiting approval: %s", u)
		}
		log.Printf("sitegen: %d pages checked; %d passages and values await approval", len(s.Pages()), len(pending))
		return
	}
	if err := s.Build(*out); err != nil {
		log.Fatal(err)
	}
	log.Printf("sitegen: %d pages written to %s", len(s.Pages()), *out)
}
