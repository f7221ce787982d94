/*
 * Character classes (RFC 3261 25.1), method and header names: the tables
 * the scanners share.
 */
#include <string.h>

#include "alg/sip_parse.h"

#define T SIP_CC_TOKEN
#define W SIP_CC_WORD
#define U SIP_CC_URIC
#define S SIP_CC_SCHEME
#define H SIP_CC_HOST
#define D (SIP_CC_DIGIT | T | W | U | S | H)
#define A (SIP_CC_ALPHA | T | W | U | S | H)

/* RFC 3261 25.1: token, word (Call-ID), URI characters. */
const uint8_t sip_cc[256] = {
	['\t'] = SIP_CC_WSP,
	['\r'] = SIP_CC_WSP,
	['\n'] = SIP_CC_WSP,
	[' '] = SIP_CC_WSP,
	['!'] = T | W | U,
	['"'] = W,
	['#'] = U,
	['$'] = U,
	['%'] = T | W | U,
	['&'] = U,
	['\''] = T | W | U,
	['('] = W | U,
	[')'] = W | U,
	['*'] = T | W | U,
	['+'] = T | W | U | S,
	[','] = U,
	['-'] = T | W | U | S | H,
	['.'] = T | W | U | S | H,
	['/'] = W | U,
	['0'] = D,
	['1'] = D,
	['2'] = D,
	['3'] = D,
	['4'] = D,
	['5'] = D,
	['6'] = D,
	['7'] = D,
	['8'] = D,
	['9'] = D,
	[':'] = W | U,
	[';'] = U,
	['<'] = W,
	['='] = U,
	['>'] = W,
	['?'] = W | U,
	['@'] = U,
	['A'] = A,
	['B'] = A,
	['C'] = A,
	['D'] = A,
	['E'] = A,
	['F'] = A,
	['G'] = A,
	['H'] = A,
	['I'] = A,
	['J'] = A,
	['K'] = A,
	['L'] = A,
	['M'] = A,
	['N'] = A,
	['O'] = A,
	['P'] = A,
	['Q'] = A,
	['R'] = A,
	['S'] = A,
	['T'] = A,
	['U'] = A,
	['V'] = A,
	['W'] = A,
	['X'] = A,
	['Y'] = A,
	['Z'] = A,
	['['] = W | U,
	['\\'] = W,
	[']'] = W | U,
	['_'] = T | W | U,
	['`'] = T | W,
	['{'] = W,
	['}'] = W,
	['~'] = T | W | U,
	['a'] = A,
	['b'] = A,
	['c'] = A,
	['d'] = A,
	['e'] = A,
	['f'] = A,
	['g'] = A,
	['h'] = A,
	['i'] = A,
	['j'] = A,
	['k'] = A,
	['l'] = A,
	['m'] = A,
	['n'] = A,
	['o'] = A,
	['p'] = A,
	['q'] = A,
	['r'] = A,
	['s'] = A,
	['t'] = A,
	['u'] = A,
	['v'] = A,
	['w'] = A,
	['x'] = A,
	['y'] = A,
	['z'] = A,
};

#undef T
#undef W
#undef U
#undef S
#undef H
#undef D
#undef A

static const char *const method_names[SIP_M_COUNT] = {
	[SIP_M_OTHER] = "other",
	[SIP_M_INVITE] = "INVITE",
	[SIP_M_ACK] = "ACK",
	[SIP_M_BYE] = "BYE",
	[SIP_M_CANCEL] = "CANCEL",
	[SIP_M_OPTIONS] = "OPTIONS",
	[SIP_M_REGISTER] = "REGISTER",
	[SIP_M_PRACK] = "PRACK",
	[SIP_M_UPDATE] = "UPDATE",
	[SIP_M_SUBSCRIBE] = "SUBSCRIBE",
	[SIP_M_NOTIFY] = "NOTIFY",
	[SIP_M_REFER] = "REFER",
	[SIP_M_MESSAGE] = "MESSAGE",
	[SIP_M_INFO] = "INFO",
	[SIP_M_PUBLISH] = "PUBLISH",
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

/*
 * The headers the ALG reads, one row each as the kernel's SIP_HDR():
 * the name, its compact form (RFC 3261 7.3.3; 0 when it has none) and its
 * id.  sip_hdr_of() expands the rows into tests against constants.
 */
#define SIP_HDR_ROWS(X)                                                        \
	X("Via", 'v', SIP_H_VIA)                                               \
	X("From", 'f', SIP_H_FROM)                                             \
	X("To", 't', SIP_H_TO)                                                 \
	X("Call-ID", 'i', SIP_H_CALL_ID)                                       \
	X("CSeq", 0, SIP_H_CSEQ)                                               \
	X("Contact", 'm', SIP_H_CONTACT)                                       \
	X("Record-Route", 0, SIP_H_RECORD_ROUTE)                               \
	X("Route", 0, SIP_H_ROUTE)                                             \
	X("Content-Type", 'c', SIP_H_CONTENT_TYPE)                             \
	X("Content-Length", 'l', SIP_H_CONTENT_LENGTH)                         \
	X("Expires", 0, SIP_H_EXPIRES)                                         \
	X("Max-Forwards", 0, SIP_H_MAX_FORWARDS)                               \
	X("Date", 0, SIP_H_DATE)

/* p holds token characters and name letters, digits and '-', so OR-ing
 * 0x20 into both folds letters and leaves the rest alone. */
static inline bool
hdr_eq(const char *p, const char *name, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if ((p[i] | 0x20) != (name[i] | 0x20))
			return false;
	return true;
}

/* Header names are case-insensitive. */
enum sip_hdr
sip_hdr_of(const char *p, size_t n)
{
	if (n == 1) {
		char c = lc(p[0]);

#define COMPACT(name, compact, id)                                             \
	if ((compact) != 0 && c == (compact))                                  \
		return (id);
		SIP_HDR_ROWS(COMPACT)
#undef COMPACT
		return SIP_H_OTHER;
	}
#define LONG(name, compact, id)                                                \
	if (n == sizeof(name) - 1 && hdr_eq(p, name, sizeof(name) - 1))        \
		return (id);
	SIP_HDR_ROWS(LONG)
#undef LONG
	return SIP_H_OTHER;
}
