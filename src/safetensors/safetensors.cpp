// Torch-free: the fuzz target links this file alone.
#include <glasses/config/error.hpp>
#include <glasses/config/json_write.hpp>
#include <glasses/safetensors.hpp>

#include <boost/json/basic_parser_impl.hpp>
#include <boost/json/parse.hpp>

#include <algorithm>
#include <bit>
#include <limits>
#include <optional>
#include <stdexcept>
#include <unordered_set>

namespace glasses::safetensors {
namespace {

// The largest header accepted: far above any real model's, and a bound on what a corrupt
// length can make the reader allocate.
constexpr std::uint64_t max_header_bytes = 100 * 1024 * 1024;

struct known_dtype {
  std::string_view name;
  dtype type;
  std::size_t size;
};
constexpr known_dtype dtypes[] = {{"F64", dtype::F64, 8}, {"F32", dtype::F32, 4}, {"F16", dtype::F16, 2},
                                  {"BF16", dtype::BF16, 2}, {"I64", dtype::I64, 8}, {"I32", dtype::I32, 4},
                                  {"I16", dtype::I16, 2},   {"I8", dtype::I8, 1},   {"U8", dtype::U8, 1},
                                  {"BOOL", dtype::BOOL, 1}};

[[noreturn]] void fail(std::string const& source, std::string path, std::string message) {
  throw config_error(source, {{std::move(path), std::move(message)}});
}

// Boost.JSON's parse keeps the last of two equal keys, and another reader may keep the
// first: a header that names a tensor (or a metadata key) twice is refused instead.
struct duplicate_key_finder {
  static constexpr std::size_t max_array_size = std::size_t(-1);
  static constexpr std::size_t max_object_size = std::size_t(-1);
  static constexpr std::size_t max_string_size = std::size_t(-1);
  static constexpr std::size_t max_key_size = std::size_t(-1);
  using error_code = boost::json::error_code;
  using string_view = boost::json::string_view;

  std::vector<std::unordered_set<std::string>> keys;  // of each open object
  std::vector<std::string> current;                    // the last key of each open object
  std::string part;
  std::string duplicate;  // the path of the first key given twice

  bool on_object_begin(error_code&) {
    keys.emplace_back();
    current.emplace_back();
    return true;
  }
  bool on_object_end(std::size_t, error_code&) {
    keys.pop_back();
    current.pop_back();
    return true;
  }
  bool on_key_part(string_view s, std::size_t, error_code&) { return part.append(s.data(), s.size()), true; }
  bool on_key(string_view s, std::size_t, error_code&) {
    current.back() = part + std::string(s.data(), s.size());
    part.clear();
    if (keys.back().insert(current.back()).second) return true;
    for (std::size_t i = 0; i < current.size(); ++i) duplicate += (i ? "." : "") + current[i];
    return false;  // stops the parser
  }
  bool on_document_begin(error_code&) { return true; }
  bool on_document_end(error_code&) { return true; }
  bool on_array_begin(error_code&) { return true; }
  bool on_array_end(std::size_t, error_code&) { return true; }
  bool on_string_part(string_view, std::size_t, error_code&) { return true; }
  bool on_string(string_view, std::size_t, error_code&) { return true; }
  bool on_number_part(string_view, error_code&) { return true; }
  bool on_int64(std::int64_t, string_view, error_code&) { return true; }
  bool on_uint64(std::uint64_t, string_view, error_code&) { return true; }
  bool on_double(double, string_view, error_code&) { return true; }
  bool on_bool(bool, error_code&) { return true; }
  bool on_null(error_code&) { return true; }
  bool on_comment_part(string_view, error_code&) { return true; }
  bool on_comment(string_view, error_code&) { return true; }
};

void refuse_duplicate_keys(std::string_view json, boost::json::parse_options const& options, std::string const& source) {
  boost::json::basic_parser<duplicate_key_finder> parser(options);
  boost::json::error_code ec;
  parser.write_some(false, json.data(), json.size(), ec);  // syntax errors are reported by the parse after
  if (!parser.handler().duplicate.empty())
    fail(source, parser.handler().duplicate,
         "this key is given twice in the header; readers differ on which copy counts, so the file is refused");
}

std::string list_dtypes() {
  std::vector<std::string_view> names;
  for (auto const& d : dtypes) names.push_back(d.name);
  return detail::list_names(names);
}

}  // namespace

std::size_t element_size(dtype type) { return dtypes[static_cast<int>(type)].size; }
std::string_view name(dtype type) { return dtypes[static_cast<int>(type)].name; }

header parse_header(std::string_view file, std::string const& source) { return parse_header(file, file.size(), source); }

std::uint64_t header_length(std::string_view head, std::uint64_t file_size, std::string const& source) {
  static_assert(std::endian::native == std::endian::little, "glasses reads safetensors on little-endian hosts only");
  if (file_size < 8 || head.size() < 8)
    fail(source, "", "not a safetensors file: " + std::to_string(file_size) +
                         " bytes, fewer than the 8 of the header length; is the file truncated?");
  std::uint64_t length = 0;
  for (int i = 7; i >= 0; --i) length = (length << 8) | static_cast<unsigned char>(head[static_cast<std::size_t>(i)]);
  if (length > file_size - 8) {
    // A config saved under a checkpoint's name: its text read as a length is absurd.
    std::size_t const first = head.substr(0, 8).find_first_not_of(" \t\r\n");
    if (first != std::string_view::npos && (head[first] == '{' || head.substr(first).starts_with("---")))
      fail(source, "", "not a safetensors file: it starts as JSON or YAML text does, which a checkpoint (8 bytes of "
                       "header length, then its header) never does; is it a config? Name it .json or .yaml");
    fail(source, "", "the header length (" + std::to_string(length) + " bytes) runs past the end of the file (" +
                         std::to_string(file_size) + " bytes); is the file truncated?");
  }
  if (length > max_header_bytes)
    fail(source, "", "the header length (" + std::to_string(length) + " bytes) is over the limit of " +
                         std::to_string(max_header_bytes) + " bytes");
  return length;
}

namespace {

void read_metadata(boost::json::value const& value, header& out, std::vector<issue>& issues) {
  if (!value.is_object()) return issues.push_back({"__metadata__", "expected an object of strings"});
  for (auto const& [key, text] : value.get_object()) {
    if (!text.is_string()) issues.push_back({"__metadata__." + std::string(key), "expected a string"});
    else out.metadata.emplace(key, text.get_string());
  }
}

// The element count of a shape of non-negative integers, or nothing when it is not one or
// the count overflows.
std::optional<std::uint64_t> element_count(boost::json::value const& shape, std::vector<std::int64_t>& dims) {
  if (!shape.is_array()) return std::nullopt;
  std::uint64_t elements = 1;
  for (auto const& d : shape.get_array()) {
    auto const* n = d.if_int64();
    if (!n || *n < 0) return std::nullopt;
    dims.push_back(*n);
    if (*n != 0 && elements > std::numeric_limits<std::uint64_t>::max() / static_cast<std::uint64_t>(*n))
      return std::nullopt;
    elements *= static_cast<std::uint64_t>(*n);
  }
  return elements;
}

bool is_offset(boost::json::value const& v) {
  return v.is_uint64() || (v.is_int64() && v.get_int64() >= 0);
}

// One tensor's entry, checked against the data section's size; a problem goes to `issues`.
std::optional<tensor_entry> read_tensor(std::string name, boost::json::value const& value, std::uint64_t data_size,
                                        std::vector<issue>& issues) {
  auto const* entry = value.if_object();
  auto const* type = entry ? entry->if_contains("dtype") : nullptr;
  auto const* shape = entry ? entry->if_contains("shape") : nullptr;
  auto const* offsets = entry ? entry->if_contains("data_offsets") : nullptr;
  auto problem = [&](std::string message) {
    issues.push_back({std::move(name), std::move(message)});
    return std::nullopt;
  };
  if (!type || !shape || !offsets) return problem("expected an object with \"dtype\", \"shape\" and \"data_offsets\"");
  auto known = type->is_string() ? std::find_if(std::begin(dtypes), std::end(dtypes),
                                                [&](auto const& d) { return d.name == type->get_string(); })
                                 : std::end(dtypes);
  if (known == std::end(dtypes))
    return problem("unknown dtype " + (type->is_string() ? detail::quoted(type->get_string()) : "(not a string)") +
                   "; expected one of " + list_dtypes());
  tensor_entry t{name, known->type, {}, 0, 0};
  std::optional<std::uint64_t> elements = element_count(*shape, t.shape);
  if (!elements) return problem("expected \"shape\" to be an array of non-negative integers of a sane size");
  auto const* range = offsets->if_array();
  if (!range || range->size() != 2 || !is_offset((*range)[0]) || !is_offset((*range)[1]))
    return problem("expected \"data_offsets\" to be [begin, end] with non-negative integers");
  std::uint64_t begin = (*range)[0].to_number<std::uint64_t>(), end = (*range)[1].to_number<std::uint64_t>();
  if (begin > end)
    return problem("data_offsets [" + std::to_string(begin) + ", " + std::to_string(end) +
                   "] end before they begin; expected [begin, end] with begin <= end");
  if (end > data_size)
    return problem("data_offsets [" + std::to_string(begin) + ", " + std::to_string(end) +
                   "] lie outside the data section of " + std::to_string(data_size) + " bytes");
  if (*elements > std::numeric_limits<std::uint64_t>::max() / known->size)
    return problem("the shape is too large: " + std::to_string(*elements) + " elements of " +
                   std::string(known->name) + " need more than 2^64 bytes");
  std::uint64_t expected = *elements * known->size;
  if (expected != end - begin)
    return problem("the shape needs " + std::to_string(expected) + " bytes of " + std::string(known->name) +
                   ", but data_offsets give " + std::to_string(end - begin));
  t.begin = static_cast<std::size_t>(begin);
  t.end = static_cast<std::size_t>(end);
  return t;
}

// Sorts the tensors by offset and checks that they tile the data section exactly.
void check_coverage(std::vector<tensor_entry>& tensors, std::uint64_t data_size, std::string const& source) {
  std::sort(tensors.begin(), tensors.end(), [](auto const& a, auto const& b) {
    return a.begin != b.begin ? a.begin < b.begin : a.end < b.end;
  });
  std::size_t covered = 0;
  for (auto const& t : tensors) {
    if (t.begin < covered)
      fail(source, t.name, "its bytes [" + std::to_string(t.begin) + ", " + std::to_string(t.end) +
                               ") overlap those of another tensor");
    if (t.begin > covered)
      fail(source, t.name, "bytes [" + std::to_string(covered) + ", " + std::to_string(t.begin) +
                               ") before it belong to no tensor");
    covered = t.end;
  }
  if (covered != data_size)
    fail(source, "", "the last " + std::to_string(data_size - covered) + " bytes of the data belong to no tensor");
}

}  // namespace

header parse_header(std::string_view head, std::uint64_t file_size, std::string const& source) {
  std::uint64_t const length = header_length(head, file_size, source);
  if (head.size() < 8 + length)
    throw std::logic_error("safetensors::parse_header: `head` must hold the file's first 8 + header length bytes");
  header out;
  out.data_offset = 8 + static_cast<std::size_t>(length);
  std::uint64_t const data_size = file_size - out.data_offset;
  boost::json::error_code ec;
  boost::json::parse_options options;
  options.max_depth = 8;
  std::string_view const text = head.substr(8, static_cast<std::size_t>(length));
  refuse_duplicate_keys(text, options, source);
  boost::json::value json = boost::json::parse(text, ec, {}, options);
  if (ec) fail(source, "", "the header is not valid JSON (" + ec.message() + ")");
  if (!json.is_object()) fail(source, "", "the header is not a JSON object");

  std::vector<issue> issues;
  for (auto const& [key, value] : json.get_object()) {
    if (key == "__metadata__") read_metadata(value, out, issues);
    else if (auto t = read_tensor(std::string(key), value, data_size, issues)) out.tensors.push_back(std::move(*t));
  }
  if (!issues.empty()) throw config_error(source, std::move(issues));
  check_coverage(out.tensors, data_size, source);
  return out;
}

std::string make_header(std::vector<tensor_entry> const& tensors, std::map<std::string, std::string> const& metadata) {
  boost::json::object json;
  if (!metadata.empty()) {
    boost::json::object meta;
    for (auto const& [k, v] : metadata) meta[k] = v;
    json["__metadata__"] = std::move(meta);
  }
  for (auto const& t : tensors) {
    // Written under the metadata's key, it would replace the metadata (a checkpoint's config).
    if (t.name == "__metadata__")
      throw std::invalid_argument("glasses::safetensors::make_header: a tensor is named \"__metadata__\", the key of the "
                                  "header's metadata, which it would replace; rename the module's parameter or buffer");
    boost::json::object entry;
    entry["dtype"] = name(t.type);
    entry["shape"] = boost::json::array(t.shape.begin(), t.shape.end());
    entry["data_offsets"] = boost::json::array{t.begin, t.end};
    json[t.name] = std::move(entry);
  }
  std::string text = dump(boost::json::value(std::move(json)));
  text.append((8 - (8 + text.size()) % 8) % 8, ' ');
  return frame_header(text);
}

std::string frame_header(std::string_view json_text) {
  std::string out(8, '\0');
  for (int i = 0; i < 8; ++i) out[static_cast<std::size_t>(i)] = static_cast<char>((json_text.size() >> (8 * i)) & 0xff);
  return out.append(json_text);
}

}  // namespace glasses::safetensors
