package site

import (
	"bytes"
	"fmt"
	"html"
	"path"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"abusedesk/content"
	"abusedesk/content/i18n"
	"abusedesk/site/formhtml"
)

// A passage of a page that the legal team has not approved opens with a comment saying
// why, and runs to a closing comment or the next heading:
//
//	<!-- LEGAL REVIEW: why it waits -->
//	The passage …
//	<!-- /LEGAL REVIEW -->
//
// The Markdown renderer would drop the comments and publish the passage as final policy;
// approvals marks it instead, for one language: the passage in a box with a label saying
// it awaits approval. `make check` lists each marker (Site.Unapproved) and `make deploy`
// refuses while any remain.
type approvals struct {
	words *i18n.Catalog
	lang  string
}

const (
	reviewOpen  = "<!-- LEGAL REVIEW:"
	reviewClose = "<!-- /LEGAL REVIEW -->"
)

// passageNode holds the blocks of one unapproved passage.
type passageNode struct {
	ast.BaseBlock
	Why string
}

var kindPassage = ast.NewNodeKind("UnapprovedPassage")

func (n *passageNode) Kind() ast.NodeKind { return kindPassage }

func (n *passageNode) Dump(source []byte, level int) {
	ast.DumpHelper(n, source, level, map[string]string{"Why": n.Why}, nil)
}

// Extend implements goldmark.Extender.
func (a *approvals) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithASTTransformers(util.Prioritized(a, 200)))
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(a, 200)))
}

// blockText is the text of an HTML block, its lines joined.
func blockText(b *ast.HTMLBlock, src []byte) string {
	var s bytes.Buffer
	for i := 0; i < b.Lines().Len(); i++ {
		line := b.Lines().At(i)
		s.Write(line.Value(src))
	}
	if b.HasClosure() {
		closure := b.ClosureLine
		s.Write(closure.Value(src))
	}
	return strings.TrimSpace(s.String())
}

// Transform implements parser.ASTTransformer: each opening comment and what follows it, up
// to its closing comment or the next heading, move into a passage node.
func (a *approvals) Transform(doc *ast.Document, reader text.Reader, _ parser.Context) {
	src := reader.Source()
	for n := doc.FirstChild(); n != nil; n = n.NextSibling() {
		b, ok := n.(*ast.HTMLBlock)
		if !ok {
			continue
		}
		t := blockText(b, src)
		if !strings.HasPrefix(t, reviewOpen) {
			continue
		}
		why := strings.TrimSpace(strings.TrimSuffix(strings.TrimPrefix(t, reviewOpen), "-->"))
		passage := &passageNode{Why: why}
		doc.InsertBefore(doc, n, passage)
		next := n.NextSibling()
		doc.RemoveChild(doc, n)
		for next != nil {
			if _, heading := next.(*ast.Heading); heading {
				break
			}
			following := next.NextSibling()
			if hb, ok := next.(*ast.HTMLBlock); ok && blockText(hb, src) == reviewClose {
				doc.RemoveChild(doc, next)
				next = following
				break
			}
			doc.RemoveChild(doc, next)
			passage.AppendChild(passage, next)
			next = following
		}
		n = passage
	}
}

// RegisterFuncs implements renderer.NodeRenderer.
func (a *approvals) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(kindPassage, a.render)
}

func (a *approvals) render(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if entering {
		fmt.Fprintf(w, "<div class=\"unapproved\">\n<p class=\"unapproved-label\">%s</p>\n", html.EscapeString(a.words.Text(a.lang, "site.unapproved")))
	} else {
		w.WriteString("</div>\n")
	}
	return ast.WalkContinue, nil
}

// markValue writes the HTML of a value the rules give (already escaped) marked as awaiting
// approval when pending says it waits.
func markValue(words *i18n.Catalog, lang string, pending func(string) (string, bool), what, valueHTML string) string {
	if _, ok := pending(what); !ok {
		return valueHTML
	}
	return formhtml.MarkUnapproved(words, lang, valueHTML)
}

// Unapproved lists what the legal team has not approved yet, each with its file and line:
// the values of the rules and the provider's file, and the passages of every page.
func (s *Site) Unapproved() content.Problems {
	var ps content.Problems
	for _, u := range s.content.Unapproved {
		ps = append(ps, content.Problem{File: path.Join("content", u.File), Line: u.Line, Msg: u.What + ": " + u.Why})
	}
	for _, p := range s.pages {
		for i, line := range strings.Split(string(p.raw), "\n") {
			if t := strings.TrimSpace(line); strings.HasPrefix(t, reviewOpen) {
				why := strings.TrimSpace(strings.TrimSuffix(strings.TrimPrefix(t, reviewOpen), "-->"))
				ps = append(ps, content.Problem{File: path.Join("content", p.Source), Line: i + 1, Msg: "passage: " + why})
			}
		}
	}
	return ps
}
