// Prints tests/types/constant_cases.inc: go/constant results for literals and
// binary operations, the expectations of tests/unit/test_types_constant.c.
// Run: go run . > ../constant_cases.inc
package main

import (
	"fmt"
	"go/constant"
	"go/token"
	"strconv"
)

type lit struct {
	tok token.Token
	s   string
}

var tokName = map[token.Token]string{token.INT: "T_INT", token.FLOAT: "T_FLOAT", token.IMAG: "T_IMAG", token.CHAR: "T_CHAR", token.STRING: "T_STRING"}

var lits = []lit{
	{token.INT, "0"}, {token.INT, "42"}, {token.INT, "1_000_000"}, {token.INT, "0x_FF"}, {token.INT, "0o17"}, {token.INT, "0O17"}, {token.INT, "017"},
	{token.INT, "0b1011"}, {token.INT, "9223372036854775807"}, {token.INT, "9223372036854775808"}, {token.INT, "0xFFFFFFFFFFFFFFFFFFFFFFFF"},
	{token.INT, "123456789012345678901234567890123456789012345678901234567890"},
	{token.FLOAT, "0."}, {token.FLOAT, "1.5"}, {token.FLOAT, ".25"}, {token.FLOAT, "1e10"}, {token.FLOAT, "1E6"}, {token.FLOAT, "1e5"}, {token.FLOAT, "123456.7"},
	{token.FLOAT, "1e-7"}, {token.FLOAT, "0.1"}, {token.FLOAT, "3.14159265358979323846264338327950288419716939937510582097494459"},
	{token.FLOAT, "1e100"}, {token.FLOAT, "1e-100"}, {token.FLOAT, "1e308"}, {token.FLOAT, "1e309"}, {token.FLOAT, "1e-320"}, {token.FLOAT, "1e1000"}, {token.FLOAT, "1e-1000"},
	{token.FLOAT, "1e1300"}, {token.FLOAT, "1e-1300"}, {token.FLOAT, "1e100000"}, {token.FLOAT, "1.5e-100000"}, {token.FLOAT, "0x1p-2"}, {token.FLOAT, "0x1.8p1"}, {token.FLOAT, "0X_1FFFP-16"},
	{token.FLOAT, "0x.8p0"}, {token.FLOAT, "1_000.000_1"}, {token.FLOAT, "0.000001"}, {token.FLOAT, "0.0000001"}, {token.FLOAT, "1.0000001"}, {token.FLOAT, "100000000.5"},
	{token.FLOAT, "0e0"}, {token.FLOAT, "0x0p0"}, {token.FLOAT, "072.40"}, {token.FLOAT, "2.71828e-5"}, {token.FLOAT, "6.02214076e23"}, {token.FLOAT, "1p5"},
	{token.IMAG, "0i"}, {token.IMAG, "123i"}, {token.IMAG, "0123i"}, {token.IMAG, "0o123i"}, {token.IMAG, "0x1Fi"}, {token.IMAG, "0b101i"}, {token.IMAG, "1.5e3i"}, {token.IMAG, "0x1p-2i"}, {token.IMAG, "1e400i"},
	{token.CHAR, "'a'"}, {token.CHAR, "'ä'"}, {token.CHAR, "'本'"}, {token.CHAR, `'\t'`}, {token.CHAR, `'\000'`}, {token.CHAR, `'\007'`}, {token.CHAR, `'\377'`}, {token.CHAR, `'\x07'`},
	{token.CHAR, `'\xff'`}, {token.CHAR, `'\u12e4'`}, {token.CHAR, `'\U00101234'`}, {token.CHAR, `'\''`}, {token.CHAR, `'\\'`},
	{token.STRING, "``"}, {token.STRING, `"abc"`}, {token.STRING, "`\\n\n\r\\n`"}, {token.STRING, `"\n\"\\"`}, {token.STRING, `"日本語"`}, {token.STRING, `"\u65e5本\U00008a9e"`},
	{token.STRING, `"\xff\u00FF"`}, {token.STRING, `"\a\b\f\r\t\v\x00\x7f"`}, {token.STRING, `"\u00ad\u200b\ufeff\U0001F600\U000E0001"`}, {token.STRING, `"é\u0301"`},
	{token.STRING, `"0123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789"`},
	{token.STRING, `"日本語日本語日本語日本語日本語日本語日本語日本語日本語日本語日本語日本語日本語日本語日本語日本語日本語日本語日本語日本語日本語日本語日本語日本語日本語日本語日本語"`},
	{token.STRING, `"\xe6\x97\xa5\xe6"`}, {token.STRING, `"\ud7ff"`},
	{token.INT, "08"}, {token.STRING, `"\z"`},
}

func cstr(s string) string {
	// C string literal: escape everything non-ASCII-printable as octal, and break after escapes.
	out := []byte{'"'}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '"' || c == '\\' {
			out = append(out, '\\', c)
		} else if c >= 0x20 && c < 0x7f && c != '?' {
			out = append(out, c)
		} else {
			out = append(out, []byte(fmt.Sprintf("\\%03o", c))...)
		}
	}
	return string(append(out, '"'))
}

var kinds = []string{"CONST_UNKNOWN", "CONST_BOOL", "CONST_STRING", "CONST_INT", "CONST_FLOAT", "CONST_COMPLEX"}

func main() {
	fmt.Println("static const LitCase lit_cases[] = {")
	for _, l := range lits {
		v := constant.MakeFromLiteral(l.s, l.tok, 0)
		fmt.Printf("    {%s, %s, %s, %s, %s},\n", tokName[l.tok], cstr(l.s), kinds[v.Kind()], cstr(v.String()), cstr(v.ExactString()))
	}
	fmt.Println("};")
	// binary ops
	type bop struct {
		a  lit
		op token.Token
		b  lit
	}
	I := func(s string) lit { return lit{token.INT, s} }
	F := func(s string) lit { return lit{token.FLOAT, s} }
	C := func(s string) lit { return lit{token.IMAG, s} }
	S := func(s string) lit { return lit{token.STRING, strconv.Quote(s)} }
	ops := []bop{
		{I("1"), token.ADD, I("2")}, {I("9223372036854775807"), token.ADD, I("1")}, {I("-9223372036854775807"), token.SUB, I("2")},
		{I("4294967296"), token.MUL, I("4294967296")}, {I("7"), token.QUO, I("2")}, {I("7"), token.QUO_ASSIGN, I("2")}, {I("-7"), token.QUO_ASSIGN, I("2")},
		{I("-7"), token.REM, I("2")}, {I("6"), token.QUO, I("3")}, {I("1"), token.QUO, I("3")}, {I("12"), token.AND, I("10")}, {I("12"), token.OR, I("10")},
		{I("12"), token.XOR, I("10")}, {I("12"), token.AND_NOT, I("10")}, {I("-12"), token.AND_NOT, I("10")},
		{I("123456789012345678901234567890"), token.MUL, I("987654321098765432109876543210")},
		{I("123456789012345678901234567890"), token.QUO_ASSIGN, I("-987654321")}, {I("-123456789012345678901234567890"), token.REM, I("987654321")},
		{I("-123456789012345678901234567890"), token.AND, I("0xFFFFFFFFFFFF")}, {I("-123456789012345678901234567890"), token.XOR, I("-5")},
		{F("1.5"), token.ADD, I("2")}, {F("0.1"), token.ADD, F("0.2")}, {F("1"), token.QUO, F("3")}, {F("1e1000"), token.MUL, F("1e1000")},
		{F("1e1000"), token.QUO, F("3")}, {F("1e1000"), token.SUB, F("1e1000")}, {F("1e-1000"), token.MUL, I("3")}, {I("1"), token.QUO, F("1e1000")},
		{C("1i"), token.MUL, C("1i")}, {C("2i"), token.ADD, I("3")}, {C("2i"), token.QUO, F("0.5")}, {C("1i"), token.QUO, C("3i")}, {C("1.5i"), token.SUB, F("1e1000")},
		{S("abc"), token.ADD, S("def")},
		{I("-9223372036854775808"), token.QUO_ASSIGN, I("-1")},
	}
	fmt.Println("static const OpCase op_cases[] = {")
	for _, o := range ops {
		a := constant.MakeFromLiteral(o.a.s, o.a.tok, 0)
		if o.a.s[0] == '-' {
			a = constant.UnaryOp(token.SUB, constant.MakeFromLiteral(o.a.s[1:], o.a.tok, 0), 0)
		}
		b := constant.MakeFromLiteral(o.b.s, o.b.tok, 0)
		if o.b.s[0] == '-' {
			b = constant.UnaryOp(token.SUB, constant.MakeFromLiteral(o.b.s[1:], o.b.tok, 0), 0)
		}
		op := o.op
		r := constant.BinaryOp(a, op, b)
		opn := map[token.Token]string{token.ADD: "T_ADD", token.SUB: "T_SUB", token.MUL: "T_MUL", token.QUO: "T_QUO", token.QUO_ASSIGN: "T_QUO_ASSIGN", token.REM: "T_REM", token.AND: "T_AND", token.OR: "T_OR", token.XOR: "T_XOR", token.AND_NOT: "T_AND_NOT"}[op]
		fmt.Printf("    {%s, %s, %s, %s, %s, %s, %s},\n", tokName[o.a.tok], cstr(o.a.s), opn, tokName[o.b.tok], cstr(o.b.s), cstr(r.String()), cstr(r.ExactString()))
	}
	fmt.Println("};")
}
