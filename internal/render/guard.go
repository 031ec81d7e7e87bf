package render

import (
	"bytes"
	"errors"
	"fmt"
)

// ErrTooComplex is returned (wrapped) by Render for input whose structure
// would make the parser super-linear: containers nested too deeply, or a
// block (text between blank lines) with too many emphasis or link
// delimiters. goldmark is quadratic or worse on such input (see the
// pathological corpus), so it is rejected up front in linear time.
var ErrTooComplex = errors.New("render: markdown too deeply nested or too dense in markup")

const (
	// maxNesting bounds block-quote and list markers opening a single line.
	maxNesting = 16
	// maxBlockDelimiters bounds *, _, ~, [, ], ( and ) in one block. Parsing
	// cost grows with the square of this per block, so the worst case over
	// MaxSize bytes grows linearly with it. Ordinary prose uses a few dozen.
	maxBlockDelimiters = 1500
)

// checkComplexity scans src once and reports input beyond the limits above.
func checkComplexity(src []byte) error {
	delims := 0
	for lineNo := 1; len(src) > 0; lineNo++ {
		var line []byte
		if i := bytes.IndexByte(src, '\n'); i >= 0 {
			line, src = src[:i], src[i+1:]
		} else {
			line, src = src, nil
		}
		if len(bytes.TrimLeft(line, " \t\r")) == 0 {
			delims = 0 // a blank line ends every inline scope
			continue
		}
		if d := containerDepth(line); d > maxNesting {
			return fmt.Errorf("line %d: %d nested block quotes or lists (limit %d): %w", lineNo, d, maxNesting, ErrTooComplex)
		}
		for _, c := range line {
			switch c {
			case '*', '_', '~', '[', ']', '(', ')':
				delims++
			}
		}
		if delims > maxBlockDelimiters {
			return fmt.Errorf("line %d: more than %d emphasis/link delimiters in one block (split it with blank lines): %w", lineNo, maxBlockDelimiters, ErrTooComplex)
		}
	}
	return nil
}

// containerDepth counts the block-quote (">") and list ("-", "*", "+",
// "1." or "1)") markers that open line.
func containerDepth(line []byte) int {
	depth, i := 0, 0
	for {
		for i < len(line) && (line[i] == ' ' || line[i] == '\t') {
			i++
		}
		if i >= len(line) {
			return depth
		}
		switch c := line[i]; {
		case c == '>':
			depth++
			i++
		case (c == '-' || c == '*' || c == '+') && (i+1 == len(line) || line[i+1] == ' ' || line[i+1] == '\t'):
			depth++
			i++
		case '0' <= c && c <= '9':
			j := i
			for j < len(line) && j-i < 9 && '0' <= line[j] && line[j] <= '9' {
				j++
			}
			if j < len(line) && (line[j] == '.' || line[j] == ')') && (j+1 == len(line) || line[j+1] == ' ' || line[j+1] == '\t') {
				depth++
				i = j + 1
				continue
			}
			return depth
		default:
			return depth
		}
	}
}
