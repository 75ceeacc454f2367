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

struct direct_cursor {
  char const* p;
  char const* end;
  std::size_t depth;
  std::size_t max_depth;
};

// The tokens, each after the whitespace before it; false when the text has something else
// there (src/config/direct_read.cpp).
/// The first character of the next token, or 0 at the end; only whitespace is consumed.
char direct_peek(direct_cursor& c);
/// `{` or `[`, within max_depth.
bool direct_open(direct_cursor& c, char bracket);
/// The closing bracket right after the opening one: an empty container, closed.
bool direct_close_empty(direct_cursor& c, char bracket);
enum class direct_next : unsigned char { item, closed, other };
/// After an item: `,` (another follows) or the closing bracket.
direct_next direct_after_item(direct_cursor& c, char bracket);
/// A string of printable ASCII without escapes, and, for a key, the colon after it.
bool direct_string(direct_cursor& c, std::string_view& out);
bool direct_key(direct_cursor& c, std::string_view& out);
/// `"name":`, consumed; nothing consumed when the key is another. `name` needs no escapes.
bool direct_expected_key(direct_cursor& c, std::string_view name);
/// `null`, consumed; false (and nothing consumed) for anything else.
bool direct_null(direct_cursor& c);
bool direct_bool(direct_cursor& c, bool& out);
/// An integer literal within [low, high]: no fraction, no exponent. `bits` is its value as
/// a 64-bit two's complement, which converts to the field's type as it is.
bool direct_integer(direct_cursor& c, std::int64_t low, std::uint64_t high, std::uint64_t& bits);
/// A number, converted exactly, as the event reader converts its literal.
bool direct_floating(direct_cursor& c, double& out);
bool direct_floating(direct_cursor& c, float& out);
/// The members of a record's object, after its `{`; `after_type` when a union's leading
/// "type" was read, so that a comma or the end comes first. A union's record refuses a
/// second "type".
bool direct_members(direct_cursor& c, void* target, record_info const& record, bool after_type);

}  // namespace glasses::detail

#endif
