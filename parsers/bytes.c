/* The byte tables of bytes.h, each written as its rule. */
#include "bytes.h"

#define IN(c, lo, hi) ((c) >= (lo) && (c) <= (hi))

#define HINT(c)                                                                                    \
    (IN(c, '0', '9') ? NB_DIGIT : IN(c, 'a', 'z') ? NB_LOWER : IN(c, 'A', 'Z') ? NB_UPPER : 0)
const unsigned char pith_bytes_hint[256] = {PITH_BYTES_ALL(HINT)};

#define CUT(c)                                                                                     \
    ((c) == 0                                   ? CUT_END                                          \
     : (c) == ' ' || (c) == '\t' || (c) == '\n' ? CUT_BLANK                                        \
     : (c) == '-' || (c) == '_'                 ? CUT_DASH                                         \
     : IN(c, 'A', 'Z')                          ? CUT_UPPER                                        \
                                                : CUT_WORD)
const unsigned char pith_bytes_cut[256] = {PITH_BYTES_ALL(CUT)};

#define VALUE(c)                                                                                   \
    ((c) == ' ' || (c) == '\t' || (c) == '\n'               ? VALUE_BLANK                          \
     : (c) == '&' || (c) == 0 || (c) == '\r' || (c) == '\f' ? VALUE_BAD                            \
     : IN(c, '!', '~')                                      ? VALUE_PLAIN                          \
                                                            : VALUE_OTHER)
const unsigned char pith_bytes_value[256] = {PITH_BYTES_ALL(VALUE)};

#define TEXT(c)                                                                                    \
    ((c) == 0 || (c) == ' ' || (c) == '\t' || (c) == '\n' || (c) == '\r' || (c) == '\f'            \
         ? TEXT_STOP                                                                               \
     : IN(c, 0x80, 0xBF)          ? TEXT_CONT                                                      \
     : (c) == ','                 ? TEXT_COMMA                                                     \
     : (c) == 0xE3 || (c) == 0xEF ? TEXT_CJK                                                       \
                                  : 0)
const unsigned char pith_bytes_text[256] = {PITH_BYTES_ALL(TEXT)};

#define WORD(c)                                                                                    \
    (IN(c, 'A', 'Z') ? (c) | 0x20 : IN(c, 'a', 'z') || IN(c, '0', '9') || (c) >= 0x80 ? (c) : 0)
const unsigned char pith_bytes_word[256] = {PITH_BYTES_ALL(WORD)};

#define STOP(c)                                                                                    \
    ((c) >= 0x80       ? STOP_HIGH                                                                 \
     : IN(c, 'a', 'z') ? STOP_LOW                                                                  \
     : IN(c, 'A', 'Z') ? STOP_UP                                                                   \
     : IN(c, '0', '9') ? STOP_DIG                                                                  \
                       : STOP_SEP)
const unsigned char pith_bytes_stop[256] = {PITH_BYTES_ALL(STOP)};
