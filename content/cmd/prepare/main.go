// Command prepare writes the content tree as the Worker reads it (bundle.Prepare), once
// content.Load has checked it: `make worker` puts it beside the Go module, and entry.mjs
// imports it, so the Worker has its content without parsing YAML or waiting on a request.
package main

import (
	"flag"
	"log"
	"os"

	"abusedesk/content"
	"abusedesk/content/bundle"
)

func main() {
	out := flag.String("o", "content.bin", "file to write")
	flag.Parse()
	c, err := content.Load(content.FS())
	if err != nil {
		log.Fatal(err)
	}
	data, err := bundle.Prepare(c)
	if err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile(*out, data, 0o644); err != nil {
		log.Fatal(err)
	}
}
