/*
 * Character classes (RFC 3261 25.1), method and header names: the tables
 * the scanners share.
 */
#include <string.h>

#include "alg/sip_parse.h"

#define T	SIP_CC_TOKEN
#define W	SIP_CC_WORD
#define U	SIP_CC_URIC
#define S	SIP_CC_SCHEME
#define H	SIP_CC_HOST
#define D	(SIP_CC_DIGIT | T | W | U | S | H)
#define A	(SIP_CC_ALPHA | T | W | U | S | H)

/* RFC 3261 25.1: token, word (Call-ID), URI characters. */
const uint8_t sip_cc[256] = {
	['\t'] = SIP_CC_WSP, ['\r'] = SIP_CC_WSP, ['\n'] = SIP_CC_WSP,
	[' '] = SIP_CC_WSP,
	['!'] = T | W | U, ['"'] = W, ['#'] = U, ['$'] = U,
	['%'] = T | W | U, ['&'] = U, ['\''] = T | W | U, ['('] = W | U,
	[')'] = W | U, ['*'] = T | W | U, ['+'] = T | W | U | S,
	[','] = U, ['-'] = T | W | U | S | H, ['.'] = T | W | U | S | H,
	['/'] = W | U,
	['0'] = D, ['1'] = D, ['2'] = D, ['3'] = D, ['4'] = D, ['5'] = D,
	['6'] = D, ['7'] = D, ['8'] = D, ['9'] = D,
	[':'] = W | U, [';'] = U, ['<'] = W, ['='] = U, ['>'] = W,
	['?'] = W | U, ['@'] = U,
	['A'] = A, ['B'] = A, ['C'] = A, ['D'] = A, ['E'] = A, ['F'] = A,
	['G'] = A, ['H'] = A, ['I'] = A, ['J'] = A, ['K'] = A, ['L'] = A,
	['M'] = A, ['N'] = A, ['O'] = A, ['P'] = A, ['Q'] = A, ['R'] = A,
	['S'] = A, ['T'] = A, ['U'] = A, ['V'] = A, ['W'] = A, ['X'] = A,
	['Y'] = A, ['Z'] = A,
	['['] = W | U, ['\\'] = W, [']'] = W | U, ['_'] = T | W | U,
	['`'] = T | W, ['{'] = W, ['}'] = W, ['~'] = T | W | U,
	['a'] = A, ['b'] = A, ['c'] = A, ['d'] = A, ['e'] = A, ['f'] = A,
	['g'] = A, ['h'] = A, ['i'] = A, ['j'] = A, ['k'] = A, ['l'] = A,
	['m'] = A, ['n'] = A, ['o'] = A, ['p'] = A, ['q'] = A, ['r'] = A,
	['s'] = A, ['t'] = A, ['u'] = A, ['v'] = A, ['w'] = A, ['x'] = A,
	['y'] = A, ['z'] = A,
};

#undef T
#undef W
#undef U
#undef S
#undef H
#undef D
#undef A

static const char *const method_names[SIP_M_COUNT] = {
	[SIP_M_OTHER] = "other", [SIP_M_INVITE] = "INVITE",
	[SIP_M_ACK] = "ACK", [SIP_M_BYE] = "BYE", [SIP_M_CANCEL] = "CANCEL",
	[SIP_M_OPTIONS] = "OPTIONS", [SIP_M_REGISTER] = "REGISTER",
	[SIP_M_PRACK] = "PRACK", [SIP_M_UPDATE] = "UPDATE",
	[SIP_M_SUBSCRIBE] = "SUBSCRIBE", [SIP_M_NOTIFY] = "NOTIFY",
	[SIP_M_REFER] = "REFER", [SIP_M_MESSAGE] = "MESSAGE",
	[SIP_M_INFO] = "INFO", [SIP_M_PUBLISH] = "PUBLISH",
};

const char *
sip_method_name(enum sip_method m)
{
	return m < SIP_M_COUNT ? method_names[m] : "other";
}

/* Methods are case-sensitive (RFC 3261 7.1). */
enum sip_method
sip_method_of(const char *p, size_t len)
{
	int i;

	for (i = 1; i < SIP_M_COUNT; i++)
		if (strlen(method_names[i]) == len &&
		    memcmp(method_names[i], p, len) == 0)
			return i;
	return SIP_M_OTHER;
}

static const char *const hdr_names[SIP_H_COUNT] = {
	[SIP_H_VIA] = "Via", [SIP_H_FROM] = "From", [SIP_H_TO] = "To",
	[SIP_H_CALL_ID] = "Call-ID", [SIP_H_CSEQ] = "CSeq",
	[SIP_H_CONTACT] = "Contact", [SIP_H_RECORD_ROUTE] = "Record-Route",
	[SIP_H_ROUTE] = "Route", [SIP_H_CONTENT_TYPE] = "Content-Type",
	[SIP_H_CONTENT_LENGTH] = "Content-Length", [SIP_H_EXPIRES] = "Expires",
	[SIP_H_MAX_FORWARDS] = "Max-Forwards", [SIP_H_DATE] = "Date",
	[SIP_H_OTHER] = "other",
};

const char *
sip_hdr_name(enum sip_hdr h)
{
	return h < SIP_H_COUNT ? hdr_names[h] : "other";
}

static inline char
lc(char c)
{
	return (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c;
}

/* lit is lowercase letters, digits and '-': OR-ing 0x20 folds the case
 * of a letter and leaves '-' and digits alone (p holds token chars). */
bool
sip_ieq(const char *p, size_t len, const char *lit, size_t litlen)
{
	size_t i;

	if (len != litlen)
		return false;
	for (i = 0; i < len; i++)
		if ((p[i] | 0x20) != lit[i])
			return false;
	return true;
}

bool
sip_str_ieq(struct sip_str a, const char *lit)
{
	return sip_ieq(a.p, a.len, lit, strlen(lit));
}

#define IEQ(p, n, lit)	sip_ieq((p), (n), lit, sizeof(lit) - 1)

/* Header names are case-insensitive; compact forms per RFC 3261 7.3.3. */
enum sip_hdr
sip_hdr_of(const char *p, size_t n)
{
	if (n == 1) {
		switch (lc(p[0])) {
		case 'v': return SIP_H_VIA;
		case 'f': return SIP_H_FROM;
		case 't': return SIP_H_TO;
		case 'i': return SIP_H_CALL_ID;
		case 'm': return SIP_H_CONTACT;
		case 'c': return SIP_H_CONTENT_TYPE;
		case 'l': return SIP_H_CONTENT_LENGTH;
		default: return SIP_H_OTHER;
		}
	}
	if (n != 2 && n != 3 && n != 4 && n != 5 && n != 7 && n != 12 &&
	    n != 14)
		return SIP_H_OTHER;
	switch (lc(p[0])) {
	case 'v':
		return IEQ(p, n, "via") ? SIP_H_VIA : SIP_H_OTHER;
	case 'f':
		return IEQ(p, n, "from") ? SIP_H_FROM : SIP_H_OTHER;
	case 't':
		return IEQ(p, n, "to") ? SIP_H_TO : SIP_H_OTHER;
	case 'c':
		if (IEQ(p, n, "call-id"))
			return SIP_H_CALL_ID;
		if (IEQ(p, n, "cseq"))
			return SIP_H_CSEQ;
		if (IEQ(p, n, "contact"))
			return SIP_H_CONTACT;
		if (IEQ(p, n, "content-type"))
			return SIP_H_CONTENT_TYPE;
		if (IEQ(p, n, "content-length"))
			return SIP_H_CONTENT_LENGTH;
		return SIP_H_OTHER;
	case 'r':
		if (IEQ(p, n, "route"))
			return SIP_H_ROUTE;
		if (IEQ(p, n, "record-route"))
			return SIP_H_RECORD_ROUTE;
		return SIP_H_OTHER;
	case 'e':
		return IEQ(p, n, "expires") ? SIP_H_EXPIRES : SIP_H_OTHER;
	case 'm':
		return IEQ(p, n, "max-forwards") ? SIP_H_MAX_FORWARDS :
		    SIP_H_OTHER;
	case 'd':
		return IEQ(p, n, "date") ? SIP_H_DATE : SIP_H_OTHER;
	default:
		return SIP_H_OTHER;
	}
}

