// compare: the leaves of every run's JSON text, matched by path. Runs of one type have the
// same paths in the same order, so matching is a string comparison a leaf; only values
// that differ are parsed.
#include <glasses/config/compare.hpp>
#include <glasses/config/detail/leaves.hpp>
#include <glasses/config/error.hpp>

#include <boost/json/parse.hpp>

#include <algorithm>
#include <bit>
#include <cstdint>
#include <cstring>
#include <ostream>
#include <stdexcept>
#include <unordered_map>

namespace glasses {
namespace {

// A path's value in each run; a null view where the run has no such path. `settled` says
// that every run so far has the first run's text here, so the row needs no check at the end.
struct path_values {
  std::string path;
  std::vector<std::string_view> values;
  bool settled = true;
};

// The values of a row as JSON, in one parse of one array rather than one parse a run:
// nothing where a run has no value.
std::vector<std::optional<boost::json::value>> parse_values(std::vector<std::string_view> const& texts) {
  std::string joined = "[";
  for (std::string_view text : texts) {
    if (text.data() == nullptr) continue;
    if (joined.size() > 1) joined += ',';
    joined += text;
  }
  joined += ']';
  // The array is a level more: each value may still nest as deep as a text of its own.
  boost::json::parse_options options;
  ++options.max_depth;
  boost::json::array parsed = boost::json::parse(joined, {}, options).as_array();
  std::vector<std::optional<boost::json::value>> out;
  out.reserve(texts.size());
  auto next = parsed.begin();
  for (std::string_view text : texts) {
    if (text.data() == nullptr) out.emplace_back();
    else out.emplace_back(std::move(*next++));
  }
  return out;
}

std::string text_of(std::optional<boost::json::value> const& value) { return value ? dump(*value) : "-"; }

// A varying list whose runs all hold lists of one length compares element by element.
bool split_elements(path_values const& row, std::size_t& constant, std::vector<varying_path>& varying) {
  for (std::string_view value : row.values)
    if (value.data() == nullptr || value.front() != '[') return false;
  std::vector<boost::json::array> lists;
  for (auto& value : parse_values(row.values)) {
    lists.push_back(std::move(value->as_array()));
    if (lists.back().size() != lists.front().size()) return false;
  }
  for (std::size_t k = 0; k < lists.front().size(); ++k) {
    bool same = std::all_of(lists.begin(), lists.end(), [&](auto const& list) { return list[k] == lists.front()[k]; });
    if (same) {
      ++constant;
      continue;
    }
    varying_path out{row.path, {}};
    detail::append_path_index(out.path, k);
    for (auto const& list : lists) out.values.emplace_back(list[k]);
    varying.push_back(std::move(out));
  }
  return true;
}

// A leaf of the first run: its row, and where its value lies in the first run's text.
struct first_leaf {
  std::size_t row;
  std::size_t begin;
  std::size_t end;
};

// How many bytes `a` and `b` share from their start, eight at a time.
std::size_t common_prefix(std::string_view a, std::string_view b) {
  std::size_t const n = std::min(a.size(), b.size());
  std::size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    std::uint64_t x, y;
    std::memcpy(&x, a.data() + i, 8);
    std::memcpy(&y, b.data() + i, 8);
    if (x != y) {
      if constexpr (std::endian::native == std::endian::little) return i + static_cast<std::size_t>(std::countr_zero(x ^ y)) / 8;
      else return i + static_cast<std::size_t>(std::countl_zero(x ^ y)) / 8;
    }
  }
  while (i < n && a[i] == b[i]) ++i;
  return i;
}

// Runs of one type dump the same keys in the same order. Where the text between the values
// is the first run's, the values are at the first run's leaves: they are taken as they are,
// and no path is built or compared. False, with nothing taken, where the texts differ.
// Most runs of a sweep repeat most of the first run's text: a leaf whose bytes, and the
// byte after them, are the first run's is that same value, found without a scan.
bool take_in_first_shape(std::string_view first, std::vector<first_leaf> const& leaves, std::string_view text,
                         std::vector<path_values>& rows, std::size_t run) {
  auto take = [&] {
    std::size_t at = 0, first_at = 0;
    // first[first_at, same_until) is also the text from `at` on.
    std::size_t same_until = common_prefix(first, text);
    for (first_leaf const& leaf : leaves) {
      path_values& row = rows[leaf.row];
      if (leaf.end < same_until) {
        row.values[run] = text.substr(at + (leaf.begin - first_at), leaf.end - leaf.begin);
        at += leaf.end - first_at, first_at = leaf.end;
        continue;
      }
      std::string_view const between = first.substr(first_at, leaf.begin - first_at);
      if (text.substr(at, between.size()) != between) return false;
      at += between.size();
      std::size_t const end = detail::leaf_end(text, at);
      if (end == std::string_view::npos) return false;
      std::string_view const value = text.substr(at, end - at);
      row.values[run] = value;
      row.settled = row.settled && value == first.substr(leaf.begin, leaf.end - leaf.begin);
      at = end, first_at = leaf.end;
      same_until = first_at + common_prefix(first.substr(first_at), text.substr(at));
    }
    return text.substr(at) == first.substr(first_at);
  };
  if (take()) return true;
  for (first_leaf const& taken : leaves) rows[taken.row].values[run] = {};
  for (path_values& row : rows) row.settled = false;  // this run goes by path
  return false;
}

}  // namespace

comparison compare_texts(std::vector<std::string> const& texts, std::vector<std::string> runs) {
  std::size_t const count = texts.size();
  // A table whose header has another number of columns than its rows misleads.
  if (runs.size() != count)
    throw std::invalid_argument("glasses::compare: " + std::to_string(runs.size()) +
                                (runs.size() == 1 ? " name for " : " names for ") + std::to_string(count) +
                                " configs; give one name a config, or none");
  std::vector<path_values> rows;
  std::vector<std::size_t> order;  // rows in declaration order
  std::unordered_map<std::string, std::size_t> row_of;
  std::vector<first_leaf> first;
  for (std::size_t run = 0; run < count; ++run) {
    if (run > 0 && take_in_first_shape(texts[0], first, texts[run], rows, run)) continue;
    std::size_t cursor = 0;  // the position in `order` after the last leaf matched
    detail::for_each_leaf(texts[run], [&](std::string const& path, std::string_view value) {
      std::size_t row;
      if (cursor < order.size() && rows[order[cursor]].path == path) {
        row = order[cursor];
      } else if (auto it = row_of.find(path); it != row_of.end()) {
        row = it->second;
        cursor = static_cast<std::size_t>(std::find(order.begin(), order.end(), row) - order.begin());
      } else {
        // Within a path a run had as a leaf (a map empty there): after it.
        while (cursor < order.size() && detail::path_within(path, rows[order[cursor]].path)) ++cursor;
        row = rows.size();
        rows.push_back({path, std::vector<std::string_view>(count), run == 0});
        row_of.emplace(path, row);
        order.insert(order.begin() + static_cast<std::ptrdiff_t>(cursor), row);
      }
      rows[row].values[run] = value;
      ++cursor;
      if (run == 0) {
        auto const begin = static_cast<std::size_t>(value.data() - texts[0].data());
        first.push_back({row, begin, begin + value.size()});
      }
    });
  }
  comparison out;
  out.runs = std::move(runs);
  for (std::size_t at = 0; at < order.size(); ++at) {
    path_values& r = rows[order[at]];
    // A path that is a leaf in some runs may be an object with members in others (a map, `{}`
    // in one run and {"a": 1} in another; an optional, null and set): its value there is that
    // object, not absent.
    for (std::size_t run = 0; run < count && !r.settled; ++run)
      if (r.values[run].data() == nullptr) r.values[run] = detail::value_at(texts[run], r.path);
    // A map, empty in some runs: the rows of its keys, next, say what each run holds.
    bool const has_key_rows = at + 1 < order.size() && detail::path_within(rows[order[at + 1]].path, r.path);
    // (In a run without the map, as where an outer map lacks its key, its key rows say "-".)
    if (has_key_rows && std::all_of(r.values.begin(), r.values.end(),
                                    [](std::string_view v) { return v.data() == nullptr || v.starts_with('{'); }))
      continue;
    bool same = r.settled || std::all_of(r.values.begin(), r.values.end(), [&](std::string_view v) {
      return v.data() != nullptr && v == r.values.front();
    });
    if (same) {
      ++out.constant;
      continue;
    }
    if (split_elements(r, out.constant, out.varying)) continue;
    out.varying.push_back({r.path, parse_values(r.values)});
  }
  return out;
}

std::string to_string(comparison const& c) {
  std::vector<std::vector<std::string>> table;
  table.push_back({"path"});
  table.front().insert(table.front().end(), c.runs.begin(), c.runs.end());
  for (auto const& row : c.varying) {
    table.push_back({row.path});
    for (auto const& value : row.values) table.back().push_back(text_of(value));
  }
  // Columns line up by characters, not bytes: `é` is one column and two bytes.
  auto const width = [](std::string const& text) {
    return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) { return (c & 0xC0) != 0x80; }));
  };
  std::vector<std::size_t> widths(table.front().size(), 0);
  for (auto const& line : table)
    for (std::size_t i = 0; i < line.size(); ++i) widths[i] = std::max(widths[i], width(line[i]));
  std::string out;
  for (auto const& line : table) {
    std::string text;
    for (std::size_t i = 0; i < line.size(); ++i) {
      text += line[i];
      text.append(widths[i] - width(line[i]) + 2, ' ');
    }
    text.erase(text.find_last_not_of(' ') + 1);
    out += text + '\n';
  }
  out += std::to_string(c.varying.size()) + (c.varying.size() == 1 ? " path differs, " : " paths differ, ") +
         std::to_string(c.constant) +
         (c.runs.size() == 1 ? " the same in the one run\n" : " the same in all " + std::to_string(c.runs.size()) + " runs\n");
  return out;
}

std::ostream& operator<<(std::ostream& os, comparison const& c) { return os << to_string(c); }

boost::json::value to_json(comparison const& c) {
  boost::json::array varying;
  for (auto const& row : c.varying) {
    boost::json::array values, absent;
    for (std::size_t run = 0; run < row.values.size(); ++run) {
      values.push_back(row.values[run] ? *row.values[run] : boost::json::value());
      if (!row.values[run]) absent.push_back(run);
    }
    boost::json::object entry{{"path", row.path}, {"values", std::move(values)}};
    if (!absent.empty()) entry["absent"] = std::move(absent);  // told apart from a null value
    varying.push_back(std::move(entry));
  }
  return boost::json::object{
      {"runs", boost::json::array(c.runs.begin(), c.runs.end())}, {"varying", std::move(varying)}, {"constant", c.constant}};
}

namespace {

std::string csv_field(std::string_view text) {
  if (text.find_first_of(",\"\n") == std::string_view::npos) return std::string(text);
  std::string out = "\"";
  for (char ch : text) {
    if (ch == '"') out += '"';
    out += ch;
  }
  out += '"';
  return out;
}

}  // namespace

std::string to_csv(comparison const& c) {
  // Appended piece by piece: g++ 12 warns falsely (-Wrestrict) about `"," + text`.
  std::string out = "path";
  for (auto const& run : c.runs) {
    out += ',';
    out += csv_field(run);
  }
  out += '\n';
  for (auto const& row : c.varying) {
    out += csv_field(row.path);
    for (auto const& value : row.values) {
      out += ',';
      if (value) out += csv_field(dump(*value));
    }
    out += '\n';
  }
  return out;
}

}  // namespace glasses
