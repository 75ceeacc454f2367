#include <glasses/config/any_config.hpp>
#include <glasses/config/error.hpp>

#include <boost/core/demangle.hpp>

#include <algorithm>
#include <atomic>
#include <map>
#include <mutex>
#include <string>
#include <typeindex>

namespace glasses::detail {
namespace {

using slot_table = std::map<std::type_index, erased_builder>;

struct registry {
  std::mutex mutex;
  std::atomic<std::uint64_t> generation{0};
  std::map<std::string, config_ops const*, std::less<>> by_name;
  std::map<std::string, std::string, std::less<>> conflicts;  // name -> message
  std::map<std::type_index, slot_table> slots;
};

// A function-local static: registrations run during static initialization of any
// translation unit, in any order, and all of them find the registry constructed.
registry& the_registry() {
  static registry r;
  return r;
}

}  // namespace

void register_config_ops(config_ops const& ops) {
  registry& r = the_registry();
  std::lock_guard lock(r.mutex);
  r.generation.fetch_add(1, std::memory_order_release);
  auto [it, inserted] = r.by_name.try_emplace(std::string(ops.json_name), &ops);
  if (inserted || it->second->type == ops.type) return;
  r.conflicts.try_emplace(std::string(ops.json_name),
                          "two configs are registered as \"" + std::string(ops.json_name) + "\": " +
                              boost::core::demangle(it->second->type.name()) + " and " +
                              boost::core::demangle(ops.type.name()) +
                              "; give one of them another name in GLASSES_REGISTER_CONFIG");
}

void register_slot_builder(std::type_index signature, config_ops const& ops, erased_builder build) {
  registry& r = the_registry();
  std::lock_guard lock(r.mutex);
  r.generation.fetch_add(1, std::memory_order_release);
  r.slots[signature].try_emplace(std::type_index(ops.type), build);
}

config_ops const* find_config(std::string_view name) {
  registry& r = the_registry();
  std::lock_guard lock(r.mutex);
  if (auto conflict = r.conflicts.find(name); conflict != r.conflicts.end())
    throw config_error("registry", {{"", conflict->second}});
  auto it = r.by_name.find(name);
  return it == r.by_name.end() ? nullptr : it->second;
}

slot_entry find_slot_entry(std::type_index signature, std::string_view name) {
  slot_entry entry;
  entry.ops = find_config(name);
  if (!entry.ops) return entry;
  registry& r = the_registry();
  std::lock_guard lock(r.mutex);
  if (auto slot = r.slots.find(signature); slot != r.slots.end()) {
    auto it = slot->second.find(std::type_index(entry.ops->type));
    if (it != slot->second.end()) entry.build = it->second;
  }
  return entry;
}

std::uint64_t registry_generation() noexcept { return the_registry().generation.load(std::memory_order_acquire); }

std::vector<std::string_view> slot_names(std::type_index signature) {
  registry& r = the_registry();
  std::lock_guard lock(r.mutex);
  std::vector<std::string_view> names;
  auto slot = r.slots.find(signature);
  if (slot == r.slots.end()) return names;
  for (auto const& [name, ops] : r.by_name)
    if (slot->second.count(std::type_index(ops->type))) names.push_back(ops->json_name);
  return names;
}

}  // namespace glasses::detail
