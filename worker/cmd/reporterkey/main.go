// Command reporterkey makes and revokes machine reporters' keys (README: Machine
// reporters). The Worker never writes a key's record: the operator does, with this command
// and wrangler, which `make reporter-key` and `make revoke-reporter-key` run.
//
//	reporterkey -name "Example Blocklist" [-categories spam,phishing] -dir DIR
//	    makes a key, writes its record (name, categories, the key's digest) to
//	    DIR/<id>.json and prints the key, once: nothing keeps it
//	reporterkey -dev -dir DIR
//	    the same for the one development key `make dev` accepts, whose value the README
//	    gives
//	reporterkey -revoke < record.json > revoked.json
//	    the record, revoked now
package main

import (
	"crypto/rand"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"abusedesk/content"
	"abusedesk/worker/delivery"
)

// The development key: its id and secret are public (the README prints the key), so its
// record goes only into the local bucket of `make dev` (wrangler r2 object put --local).
const (
	DevKeyID     = "devkeylocal2"
	DevKeySecret = "onlyformakedevneverdeployedpostwithitasthereadmesays"
	DevKeyName   = "Development key (make dev)"
)

func main() {
	log.SetFlags(0)
	name := flag.String("name", "", "whose key it is: a blocklist, a CERT, a firm")
	categories := flag.String("categories", "", "the rules' categories it may report, comma-separated (empty: all)")
	dir := flag.String("dir", "", "the folder to write the key's record to, as <id>.json")
	dev := flag.Bool("dev", false, "make the development key's record")
	revoke := flag.Bool("revoke", false, "read a key's record on standard input and write it revoked")
	flag.Parse()
	if *revoke {
		if err := revokeRecord(os.Stdin, os.Stdout, time.Now()); err != nil {
			log.Fatal(err)
		}
		return
	}
	key, err := makeKey(*name, *categories, *dir, *dev, time.Now())
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(key)
}

// makeKey makes a key (the development one when dev), checks its categories against the
// rules, and writes its record to dir.
func makeKey(name, categories, dir string, dev bool, now time.Time) (string, error) {
	c, err := content.Load(content.FS())
	if err != nil {
		return "", err
	}
	all := c.Rules.CategoryIDs()
	cats := all
	if categories != "" {
		cats = strings.Split(categories, ",")
		for _, id := range cats {
			if !slices.Contains(all, id) {
				return "", fmt.Errorf("-categories: %q is not a category of rules.yaml (%s)", id, strings.Join(all, ", "))
			}
		}
	}
	if dir == "" {
		return "", errors.New("-dir: where to write the key's record")
	}
	var key string
	var rec delivery.Reporter
	if dev {
		key, rec, err = delivery.MakeReporterKey(DevKeyID, DevKeySecret, DevKeyName, cats, now)
	} else {
		if strings.TrimSpace(name) == "" {
			return "", errors.New(`-name: whose key it is, e.g. -name "Example Blocklist"`)
		}
		key, rec, err = delivery.NewReporterKey(strings.TrimSpace(name), cats, rand.Reader, now)
	}
	if err != nil {
		return "", err
	}
	data, err := json.MarshalIndent(rec, "", "  ")
	if err != nil {
		return "", err
	}
	if err := os.WriteFile(filepath.Join(dir, rec.ID+".json"), append(data, '\n'), 0o644); err != nil {
		return "", fmt.Errorf("writing the key's record: %w", err)
	}
	return key, nil
}

// revokeRecord writes the record read from in, revoked at now (a record revoked before
// keeps its date).
func revokeRecord(in io.Reader, out io.Writer, now time.Time) error {
	var rec delivery.Reporter
	if err := json.NewDecoder(in).Decode(&rec); err != nil {
		return fmt.Errorf("reading a key's record: %w", err)
	}
	if rec.ID == "" || rec.Digest == "" {
		return errors.New("reading a key's record: no id or digest; is it a reporters/<id>.json?")
	}
	if rec.Revoked.IsZero() {
		rec.Revoked = now.UTC()
	}
	data, err := json.MarshalIndent(rec, "", "  ")
	if err != nil {
		return err
	}
	_, err = out.Write(append(data, '\n'))
	return err
}
