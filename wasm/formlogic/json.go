package formlogic

import (
	"errors"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// ParseJSON reads a JSON text into the values encoding/json decodes into an any
// (map[string]any, []any, string, bool and nil; a number keeps its text, as json.Number
// does), and accepts what encoding/json accepts.
//
// The module reads the page's data and the Worker's answers with it rather than with
// JSON.parse and a walk over the result: each step of that walk is a call from Go to
// JavaScript, some tens of microseconds apiece, and the page's data took hundreds of them,
// a fifth of the module's start. encoding/json itself would bring reflection, twice this
// package's size, and even strconv's float parsing brings 15 KiB of tables.
// On an error, the Node it returns is null.
func ParseJSON(text string) (Node, error) {
	p := jsonParser{s: text}
	p.space()
	v, err := p.value(0)
	if err != nil {
		return Node{}, err
	}
	if p.space(); p.i < len(p.s) {
		return Node{}, p.fail("text after the value")
	}
	return Node{v}, nil
}

// Node is a JSON value read by ParseJSON. A missing member, or a value of another type
// than asked for, reads as the zero value: the data and the answers are ours, and a part
// of them missing is the module's to survive, not to panic on.
type Node struct{ v any }

// Get returns an object's member.
func (n Node) Get(key string) Node {
	m, _ := n.v.(map[string]any)
	return Node{m[key]}
}

// Items returns an array's elements, and nil for anything that is not an array.
func (n Node) Items() []Node {
	a, ok := n.v.([]any)
	if !ok {
		return nil
	}
	items := make([]Node, len(a))
	for i, v := range a {
		items[i] = Node{v}
	}
	return items
}

// Members returns an object's members by name, and nil for anything that is not an object.
func (n Node) Members() map[string]Node {
	m, ok := n.v.(map[string]any)
	if !ok {
		return nil
	}
	members := make(map[string]Node, len(m))
	for k, v := range m {
		members[k] = Node{v}
	}
	return members
}

func (n Node) String() string { s, _ := n.v.(string); return s }
func (n Node) Bool() bool     { b, _ := n.v.(bool); return b }

// Int reads a number written as an integer (encoding/json writes Go's integers so); any
// other number, or one too large for an int, reads as 0.
func (n Node) Int() int {
	text, _ := n.v.(number)
	negative := strings.HasPrefix(string(text), "-")
	digits := strings.TrimPrefix(string(text), "-")
	if digits == "" || len(digits) > 18 {
		return 0 // 18 digits always fit an int64
	}
	i := 0
	for _, c := range []byte(digits) {
		if c < '0' || c > '9' {
			return 0
		}
		i = i*10 + int(c-'0')
	}
	if negative {
		return -i
	}
	return i
}

// number is a JSON number's text.
type number string

// maxDepth is encoding/json's limit on nesting, which keeps a hostile text from
// exhausting the stack.
const maxDepth = 10000

type jsonParser struct {
	s string
	i int
}

func (p *jsonParser) fail(what string) error {
	return errors.New("json: " + what + " at offset " + strconv.Itoa(p.i))
}

func (p *jsonParser) space() {
	for p.i < len(p.s) && (p.s[p.i] == ' ' || p.s[p.i] == '\t' || p.s[p.i] == '\n' || p.s[p.i] == '\r') {
		p.i++
	}
}

// value reads one value; depth is how many arrays and objects hold it.
func (p *jsonParser) value(depth int) (any, error) {
	if p.i == len(p.s) {
		return nil, p.fail("end of text")
	}
	switch c := p.s[p.i]; {
	case c == '{':
		return p.object(depth)
	case c == '[':
		return p.array(depth)
	case c == '"':
		return p.string()
	case c == '-' || c >= '0' && c <= '9':
		return p.number()
	case p.word("true"):
		return true, nil
	case p.word("false"):
		return false, nil
	case p.word("null"):
		return nil, nil
	}
	return nil, p.fail("no value")
}

// word reads w if the text goes on with it.
func (p *jsonParser) word(w string) bool {
	if !strings.HasPrefix(p.s[p.i:], w) {
		return false
	}
	p.i += len(w)
	return true
}

func (p *jsonParser) open(depth int) error {
	if depth >= maxDepth {
		return p.fail("nesting too deep")
	}
	p.i++ // { or [
	p.space()
	return nil
}

func (p *jsonParser) object(depth int) (any, error) {
	m := map[string]any{}
	if err := p.open(depth); err != nil {
		return nil, err
	}
	if p.i < len(p.s) && p.s[p.i] == '}' {
		p.i++
		return m, nil
	}
	for {
		if p.space(); p.i == len(p.s) || p.s[p.i] != '"' {
			return nil, p.fail("no member name")
		}
		key, err := p.string()
		if err != nil {
			return nil, err
		}
		if p.space(); p.i == len(p.s) || p.s[p.i] != ':' {
			return nil, p.fail("no colon")
		}
		p.i++
		p.space()
		v, err := p.value(depth + 1)
		if err != nil {
			return nil, err
		}
		m[key] = v
		if done, err := p.next('}'); done || err != nil {
			return m, err
		}
	}
}

func (p *jsonParser) array(depth int) (any, error) {
	a := []any{}
	if err := p.open(depth); err != nil {
		return nil, err
	}
	if p.i < len(p.s) && p.s[p.i] == ']' {
		p.i++
		return a, nil
	}
	for {
		p.space()
		v, err := p.value(depth + 1)
		if err != nil {
			return nil, err
		}
		a = append(a, v)
		if done, err := p.next(']'); done || err != nil {
			return a, err
		}
	}
}

// next reads what follows a member or an element: a comma, or close, which ends the
// object or array (done).
func (p *jsonParser) next(close byte) (done bool, err error) {
	p.space()
	switch {
	case p.i < len(p.s) && p.s[p.i] == ',':
		p.i++
		return false, nil
	case p.i < len(p.s) && p.s[p.i] == close:
		p.i++
		return true, nil
	}
	return false, p.fail("no comma or " + string(close))
}

// number reads JSON's number grammar: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
func (p *jsonParser) number() (any, error) {
	start := p.i
	digits := func() int {
		n := 0
		for p.i < len(p.s) && p.s[p.i] >= '0' && p.s[p.i] <= '9' {
			p.i++
			n++
		}
		return n
	}
	if p.s[p.i] == '-' {
		p.i++
	}
	if p.i < len(p.s) && p.s[p.i] == '0' {
		p.i++
	} else if digits() == 0 {
		return nil, p.fail("no digits")
	}
	if p.i < len(p.s) && p.s[p.i] == '.' {
		p.i++
		if digits() == 0 {
			return nil, p.fail("no digits after the point")
		}
	}
	if p.i < len(p.s) && (p.s[p.i] == 'e' || p.s[p.i] == 'E') {
		p.i++
		if p.i < len(p.s) && (p.s[p.i] == '+' || p.s[p.i] == '-') {
			p.i++
		}
		if digits() == 0 {
			return nil, p.fail("no digits in the exponent")
		}
	}
	return number(p.s[start:p.i]), nil
}

// string reads a quoted string. As encoding/json does, it turns bytes that are not UTF-8
// and escaped lone surrogates into U+FFFD.
func (p *jsonParser) string() (string, error) {
	p.i++ // "
	var b []byte
	for {
		if p.i == len(p.s) {
			return "", p.fail("unterminated string")
		}
		c := p.s[p.i]
		switch {
		case c == '"':
			p.i++
			return string(b), nil
		case c < 0x20:
			return "", p.fail("control character in string")
		case c == '\\':
			r, err := p.escape()
			if err != nil {
				return "", err
			}
			b = utf8.AppendRune(b, r)
		case c < utf8.RuneSelf:
			b = append(b, c)
			p.i++
		default:
			r, size := utf8.DecodeRuneInString(p.s[p.i:])
			b = utf8.AppendRune(b, r) // RuneError for a byte that is not UTF-8
			p.i += size
		}
	}
}

func (p *jsonParser) escape() (rune, error) {
	p.i++ // backslash
	if p.i == len(p.s) {
		return 0, p.fail("unterminated escape")
	}
	c := p.s[p.i]
	p.i++
	switch c {
	case '"', '\\', '/':
		return rune(c), nil
	case 'b':
		return '\b', nil
	case 'f':
		return '\f', nil
	case 'n':
		return '\n', nil
	case 'r':
		return '\r', nil
	case 't':
		return '\t', nil
	case 'u':
		r, ok := p.hex4()
		if !ok {
			return 0, p.fail("bad \\u escape")
		}
		if utf16.IsSurrogate(r) {
			// A pair is two escapes; a lone half is U+FFFD, and what follows it is read
			// on its own.
			if len(p.s)-p.i >= 6 && p.s[p.i] == '\\' && p.s[p.i+1] == 'u' {
				save := p.i
				p.i += 2
				if r2, ok := p.hex4(); ok {
					if pair := utf16.DecodeRune(r, r2); pair != utf8.RuneError {
						return pair, nil
					}
				}
				p.i = save
			}
			return utf8.RuneError, nil
		}
		return r, nil
	}
	return 0, p.fail("bad escape")
}

func (p *jsonParser) hex4() (rune, bool) {
	if len(p.s)-p.i < 4 {
		return 0, false
	}
	var r rune
	for _, c := range []byte(p.s[p.i : p.i+4]) {
		switch {
		case c >= '0' && c <= '9':
			c -= '0'
		case c >= 'a' && c <= 'f':
			c -= 'a' - 10
		case c >= 'A' && c <= 'F':
			c -= 'A' - 10
		default:
			return 0, false
		}
		r = r*16 + rune(c)
	}
	p.i += 4
	return r, true
}
