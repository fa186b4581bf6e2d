// Command sitegen builds the site: every page of every language, the form, and the
// assets, into one folder that the Worker serves. With -check it only checks the content.
//
//	go run ./site/cmd/sitegen -content content -o build/site
package main

import (
	"errors"
	"flag"
	"log"
	"os"

	"abusedesk/content"
	"abusedesk/site"
)

func main() {
	contentDir := flag.String("content", "content", "the content folder (rules.yaml, pages/)")
	out := flag.String("o", "build/site", "the folder to write the site into")
	check := flag.Bool("check", false, "only check the content (translations, links), writing nothing")
	flag.Parse()
	log.SetFlags(0)

	s, err := site.Load(os.DirFS(*contentDir))
	var problems content.Problems
	if errors.As(err, &problems) {
		log.Fatal(problems.In(*contentDir))
	}
	if err != nil {
		log.Fatal(err)
	}
	if *check {
		if problems := s.Check(); len(problems) > 0 {
			log.Fatal(problems)
		}
		log.Printf("sitegen: %d pages checked", len(s.Pages()))
		return
	}
	if err := s.Build(*out); err != nil {
		log.Fatal(err)
	}
	log.Printf("sitegen: %d pages written to %s", len(s.Pages()), *out)
}
