package content

import (
	"errors"
	"fmt"
	"path"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Problem is one thing wrong in a content file, with where it is.
type Problem struct {
	File string
	Line int // 0: the file as a whole
	Msg  string
}

func (p Problem) Error() string {
	if p.Line == 0 {
		return fmt.Sprintf("%s: %s", p.File, p.Msg)
	}
	return fmt.Sprintf("%s:%d: %s", p.File, p.Line, p.Msg)
}

// Problems is every problem found, in the files' order.
type Problems []Problem

func (ps Problems) Error() string {
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = p.Error()
	}
	return strings.Join(lines, "\n")
}

// In returns the problems with their files named from dir, the folder of the content
// tree: what a person at the repository's root opens.
func (ps Problems) In(dir string) Problems {
	out := make(Problems, len(ps))
	for i, p := range ps {
		p.File = path.Join(dir, p.File)
		out[i] = p
	}
	return out
}

// checker gathers the problems of one file.
type checker struct {
	file     string
	problems Problems
}

func (c *checker) add(line int, msg string) {
	c.problems = append(c.problems, Problem{c.file, max(line, 1), msg})
}

// err is the problems found, or nil.
func (c *checker) err() error {
	if len(c.problems) > 0 {
		return c.problems
	}
	return nil
}

// decode reads the YAML document data of file into v. Its problems name the file and
// line: the syntax, a value of the wrong type, and (through lined) a key v has no field
// for, at any depth, so a misspelt key is never quietly ignored.
func decode(file string, data []byte, v any) error {
	if err := yaml.Unmarshal(data, v); err != nil {
		return yamlProblems(file, err)
	}
	return nil
}

// lined is a mapping of the file decoded into T, with the line of each of its keys: a
// check names the line of the key whose value is wrong, whatever the value's shape. Every
// struct a content file decodes into is read through it, which also refuses keys T has no
// field for.
type lined[T any] struct {
	V     T
	line  int            // where the mapping starts
	lines map[string]int // where each key is
}

func (l *lined[T]) UnmarshalYAML(n *yaml.Node) error {
	l.line = n.Line
	var problems []string
	if n.Kind == yaml.MappingNode {
		known := yamlKeys(reflect.TypeFor[T]())
		l.lines = map[string]int{}
		var unknown []string
		for i := 0; i+1 < len(n.Content); i += 2 {
			key := n.Content[i]
			l.lines[key.Value] = key.Line
			if !slices.Contains(known, key.Value) && key.Value != approvalKey {
				unknown = append(unknown, fmt.Sprintf("line %d: field %s not found; the keys here are %s", key.Line, key.Value, strings.Join(known, ", ")))
			}
		}
		problems = unknown
	}
	if err := n.Decode(&l.V); err != nil {
		var te *yaml.TypeError
		if !errors.As(err, &te) {
			return err
		}
		problems = append(problems, te.Errors...)
	}
	if len(problems) > 0 {
		// A TypeError lets the decoder go on and report the rest of the file too.
		return &yaml.TypeError{Errors: problems}
	}
	return nil
}

// at is the line of key, or where the mapping starts when the key is absent.
func (l *lined[T]) at(key string) int {
	if line, ok := l.lines[key]; ok {
		return line
	}
	return max(l.line, 1)
}

// yamlKeys lists the keys a struct type is decoded from, in its fields' order.
func yamlKeys(t reflect.Type) []string {
	var keys []string
	for f := range t.Fields() {
		if name, _, _ := strings.Cut(f.Tag.Get("yaml"), ","); name != "" && name != "-" {
			keys = append(keys, name)
		}
	}
	return keys
}

var yamlLine = regexp.MustCompile(`^line (\d+): (.*)$`)

// yamlProblems turns the decoder's "line N: …" messages into file:line problems.
func yamlProblems(file string, err error) error {
	var te *yaml.TypeError
	msgs := []string{err.Error()}
	if errors.As(err, &te) {
		msgs = te.Errors
	}
	c := checker{file: file}
	for _, msg := range msgs {
		msg = strings.TrimPrefix(msg, "yaml: ")
		line := 1
		if m := yamlLine.FindStringSubmatch(msg); m != nil {
			line, msg = atoi(m[1]), m[2]
		}
		c.add(line, msg)
	}
	return c.err()
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}
