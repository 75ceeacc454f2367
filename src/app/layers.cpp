// Where the values of a resolved config came from (`--explain`, origin.json).
#include "layers.hpp"

#include <glasses/config/detail/leaves.hpp>
#include <glasses/config/error.hpp>

#include <boost/json/parse.hpp>

namespace glasses::app_detail {
std::vector<detail::leaf_position> value_positions(std::string_view text) {
  std::vector<detail::leaf_position> out;
  std::vector<std::size_t> offsets;
  detail::for_each_leaf(text, [&](std::string const& path, std::string_view value) {
    out.push_back({path, 0, 0});
    offsets.push_back(static_cast<std::size_t>(value.data() - text.data()));
  });
  std::vector<detail::text_position> const where = detail::positions(text, offsets);
  for (std::size_t i = 0; i < out.size(); ++i) out[i].line = where[i].line, out[i].column = where[i].column;
  return out;
}

std::vector<std::pair<std::string, boost::json::value>> leaves(std::string_view json_text) {
  std::vector<std::pair<std::string, boost::json::value>> out;
  detail::for_each_leaf(json_text,
                        [&](std::string const& path, std::string_view value) { out.emplace_back(path, boost::json::parse(value)); });
  return out;
}

void origins::set(std::string path, std::string source) { records_.emplace_back(std::move(path), std::move(source)); }

std::string origins::of(std::string_view leaf) const {
  // A leaf set whole or by an ancestor (`backbone=vit`), or in part (`widths[0]=5`).
  for (auto it = records_.rbegin(); it != records_.rend(); ++it)
    if (detail::path_within(leaf, it->first) || detail::path_within(it->first, leaf)) return it->second;
  return "default";
}

}  // namespace glasses::app_detail
