/* SPDX-License-Identifier: GPL-2.0 */
/*
 * UTF-8 validation, shared by wtdiff's JSON reader, the tools' JSON writer
 * and wtlat's OpenMetrics label values.
 */
#ifndef WT_UTF8_H
#define WT_UTF8_H

#include <stddef.h>

/*
 * The length of the well-formed UTF-8 sequence at s (at most n bytes, n >=
 * 1): 1 to 4, or 0 if it is not one (a stray continuation byte, a
 * truncated sequence, an overlong form, a surrogate, beyond U+10FFFF).
 */
static inline size_t wt_utf8_len(const unsigned char *s, size_t n)
{
	unsigned int cp;
	size_t len, i;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xC2 && s[0] <= 0xDF)
		len = 2, cp = s[0] & 0x1F;
	else if (s[0] >= 0xE0 && s[0] <= 0xEF)
		len = 3, cp = s[0] & 0x0F;
	else if (s[0] >= 0xF0 && s[0] <= 0xF4)
		len = 4, cp = s[0] & 0x07;
	else
		return 0;
	if (n < len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3F);
	}
	if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
	    (cp >= 0xD800 && cp <= 0xDFFF))
		return 0;
	return len;
}

#endif
