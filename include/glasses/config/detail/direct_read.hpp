// The fast path of parse: JSON text read straight into the config, without events, for
// texts as glasses writes them (a union's "type" first, no escapes, ASCII only). Anything
// else makes it give up: an unknown or repeated key, a wrong type, a number out of range, an
// escape, a byte above 0x7F, a "type" after the members, a syntax error. parse then reads
// the text again with the event reader (reader.hpp), which says what is wrong and where,
// and stores again, alike, whatever the fast path stored before it gave up: each sink sets
// what it reads from scratch or by key. So the fast path accepts a subset of what the event
// reader accepts, and reads it to the same value (test/json_read.cpp checks both).
#ifndef GLASSES_CONFIG_DETAIL_DIRECT_READ_HPP
#define GLASSES_CONFIG_DETAIL_DIRECT_READ_HPP

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace glasses::detail {

struct record_info;

/// What stays the same while a text is read: where it ends, and how deep it may nest.
struct direct_text {
  char const* end;
  std::size_t max_depth;
};

// The tokens (src/config/direct_read.cpp). Each takes the position of the token, or of the
// whitespace before it, and returns the position after it: null when the text has
// something else there. The position goes in and comes back in a register: kept in memory,
// each call stored it and the next loaded it again, on the chain every character waits on.
/// The position after whitespace.
char const* direct_space(char const* p, direct_text const& t);
enum class direct_next : unsigned char { item, closed, other };
struct direct_after {
  char const* p;
  direct_next next;  // `other` (and a null p) when the text has something else
};
/// `{` or `[`, with `depth` containers open around it, within max_depth: `closed` right
/// away for an empty container, else its first item is next.
direct_after direct_open(char const* p, direct_text const& t, std::size_t depth, char bracket);
/// After an item: `,` (another follows) or the closing bracket.
direct_after direct_after_item(char const* p, direct_text const& t, char bracket);
/// A string of printable ASCII without escapes, and, for a key, the colon after it.
char const* direct_string(char const* p, direct_text const& t, std::string_view& out);
char const* direct_key(char const* p, direct_text const& t, std::string_view& out);
/// `"name":`; null when the key is another. `name` needs no escapes.
char const* direct_expected_key(char const* p, direct_text const& t, std::string_view name);
char const* direct_null(char const* p, direct_text const& t);
char const* direct_bool(char const* p, direct_text const& t, bool& out);
/// An integer literal within [low, high]: no fraction, no exponent. `bits` is its value as
/// a 64-bit two's complement, which converts to the field's type as it is.
char const* direct_integer(char const* p, direct_text const& t, std::int64_t low, std::uint64_t high,
                           std::uint64_t& bits);
/// A number, converted exactly, as the event reader converts its literal.
char const* direct_floating(char const* p, direct_text const& t, double& out);
char const* direct_floating(char const* p, direct_text const& t, float& out);
/// A record's object, with `depth` containers open around it. `after_type` when a union
/// opened it and read its leading "type": then a comma or the end comes first, and a
/// second "type" is refused.
char const* direct_members(char const* p, direct_text const& t, std::size_t depth, void* target,
                           record_info const& record, bool after_type);

}  // namespace glasses::detail

#endif
