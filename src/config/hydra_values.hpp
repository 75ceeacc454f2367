// Hydra's grammar for an override's value, where it goes beyond JSON: single quotes, its
// numbers and booleans, lists and dicts of bare words, and a sweep's choices (`a,b`,
// `choice(a, b)`, `range(start, stop, step)`).
#ifndef GLASSES_SRC_CONFIG_HYDRA_VALUES_HPP
#define GLASSES_SRC_CONFIG_HYDRA_VALUES_HPP

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace glasses::detail {

// Far beyond any cluster array, and a bound on the time a hostile sweep can take.
inline constexpr std::size_t max_sweep_points = 10000;

/// The closing quote of the JSON string whose opening quote is at `open`, past its
/// backslash escapes; npos when the text ends first.
std::size_t closing_quote(std::string_view text, std::size_t open);

/// Hydra's single-quoted value, `'a b,c'`, as the text between its quotes, in which \' is a
/// quote and \\ a backslash; nullopt when `value` is not one.
std::optional<std::string> single_quoted(std::string_view value);

/// `value` in single quotes, as an override reads it back: each \ and ' escaped with a backslash.
std::string single_quoted_text(std::string_view value);

/// An override's value without the blanks around it, as Hydra reads `lr= 0.1`; a value in
/// quotes keeps those inside them.
std::string_view without_blanks(std::string_view value);

/// The value as JSON. JSON stays as it is; a bare word is a string (Hydra's escapes, `a\ b`,
/// `x\=y`, `\[`, made the characters they stand for), as is a number or
/// boolean given to a string (`to_string`: `name=1` names "1"); Hydra's numbers (`.5`,
/// `1_000`, `inf`), booleans and null in any case are those values; a value in single quotes
/// is the text between them; and a list or dict of Hydra's (`[a, .5]`, `{lr: 1e-3}`) is
/// the JSON it means. Text that is none of these comes back as it is, for the JSON reader
/// to say what is wrong with it.
std::string as_json(std::string_view value, bool to_string = false);

/// Why `value` cannot be read: it holds OmegaConf's `${...}` outside quotes, which Hydra
/// would resolve; empty when it does not.
std::string interpolation_in(std::string_view value);

/// The choices of one override of a sweep: `a,b` split at the commas outside lists,
/// dicts and quotes, `choice(a, b)`, or `range(start, stop, step)` (stop alone counts from
/// 0; integers when start and step are). Empty, with `error` set, when the value cannot be
/// expanded: an unknown function, an empty choice among others, a choice that is a call.
std::vector<std::string> sweep_choices(std::string_view value, std::string& error);

/// Why `value`, given to a single run, is a sweep's (`1,2`, `range(1,4)`) or a call of an
/// unknown function (`choise(a, b)`); empty when it is neither. Hydra refuses these outside
/// a multirun rather than keep the text. What it suggests fits a field of text or a list.
std::string sweep_in_single_run(std::string_view value, bool text_field, bool list_field);

}  // namespace glasses::detail

#endif
