// Changing configs from the command line, Hydra style: `backbone.depths[2]=23`,
// `backbone=vit`, and sweeps over comma-separated choices, `choice(...)` and `range(...)`.
#ifndef GLASSES_CONFIG_OVERRIDES_HPP
#define GLASSES_CONFIG_OVERRIDES_HPP

#include <glasses/config/error.hpp>
#include <glasses/config/fingerprint.hpp>
#include <glasses/config/json_read.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace glasses {

/// One override of a sweep: its path and its choices, in order. A deletion, `~path`, is an
/// axis of one empty choice, whose path keeps its `~`.
struct sweep_axis {
  std::string path;
  std::vector<std::string> choices;
};

namespace detail {
/// Sets the value at `path` below the value at `target` from `value` (JSON; a bare word is
/// a string). Problems are appended to `issues`, each with the full path.
void set_path(sink const& root, void* target, std::string_view path, std::string_view value,
              std::vector<issue>& issues);
/// Applies `path=value` overrides, collecting every problem: type choices (a path that
/// leads to a slot or variant) first, shallowest first, then the others in order. A path
/// given twice, under any of its names, is an error, and so is a value set whole after an
/// override within it, which it would undo. A path or key by a former name is a warning,
/// appended to `warnings` when given.
void apply_overrides_to(sink const& root, void* target, std::vector<std::string> const& overrides,
                        std::vector<issue>& issues, std::vector<issue>* warnings = nullptr);
/// What one override did: the path it set, as the config names it (a former name read as
/// the field's name now; empty when the path leads nowhere), whether it named a type (a
/// bare word at a slot or variant, which keeps the values when the type is the one held),
/// whether it merged an object into a record or slot (which sets the fields it names and
/// keeps the others), then the paths of the values the object names, its problems, and its
/// warnings: a step of the path or a key of an object value by a field's former name.
struct override_outcome {
  std::string path;
  bool named_type = false;
  bool merged = false;
  std::vector<std::string> merged_paths;
  std::vector<issue> issues;
  std::vector<issue> warnings;
};
/// The same without validating the result: each override's outcome, in the order given.
std::vector<override_outcome> override_each(sink const& root, void* target, std::vector<std::string> const& overrides);
/// The axes of a sweep. Throws config_error for a malformed override, a path given twice,
/// or a grid of more than 10,000 points.
std::vector<sweep_axis> sweep_axes(std::vector<std::string> const& overrides);
/// The overrides of point `index` of the grid (the first axis varies slowest).
std::vector<std::string> sweep_overrides(std::vector<sweep_axis> const& axes, std::size_t index);
[[noreturn]] void throw_sweep_point_error(config_error const& error, std::size_t index, std::size_t count,
                                          std::vector<std::string> const& overrides);
}  // namespace detail

/// Sets one value: `set(cfg, "backbone.depths[2]", "23")`, `set(cfg, "backbone", "vit")`.
/// The value is JSON; a bare word is a string, and names a type for a slot. Throws
/// config_error, leaving the config unchanged, when the path or value is wrong.
template <class T> void set(T& config, std::string_view path, std::string_view value) {
  T changed = config;
  std::vector<issue> issues;
  detail::set_path(detail::sink_for<T>, &changed, path, value, issues);
  if (!issues.empty()) throw config_error("override", std::move(issues));
  config = std::move(changed);
}

/// Applies `path=value` overrides, all or nothing: on any error the config is unchanged and
/// the config_error lists every problem. As Hydra composes config groups before values,
/// choices of type (`optimizer=adamw`) apply before field values (`optimizer.lr=1e-3`),
/// whatever their order; naming the type a slot already holds keeps its values. `~path`
/// deletes a map's key or empties an optional or a slot, as Hydra's `~` deletes. A sweep's
/// value (`a,b`, `range(1,4)`) is refused, as Hydra refuses it outside a multirun.
template <class T> void apply_overrides(T& config, std::vector<std::string> const& overrides) {
  T changed = config;
  std::vector<issue> issues;
  detail::apply_overrides_to(detail::sink_for<T>, &changed, overrides, issues);
  if (!issues.empty()) throw config_error("overrides", std::move(issues));
  config = std::move(changed);
}

/// One point of a sweep: the overrides that make it, the config, and its fingerprint.
template <class T> struct sweep_point {
  std::vector<std::string> overrides;
  T config;
  std::string fingerprint;
};

/// The grid of a sweep, made one point at a time as it is read: memory is one point, not
/// the grid. Reading a point whose overrides fail throws config_error naming the point.
template <class T> class sweep_points {
 public:
  sweep_points(T base, std::vector<sweep_axis> axes) : base_(std::move(base)), axes_(std::move(axes)) {
    for (auto const& axis : axes_) size_ *= axis.choices.size();
  }

  std::size_t size() const noexcept { return size_; }
  std::vector<sweep_axis> const& axes() const noexcept { return axes_; }

  sweep_point<T> operator[](std::size_t index) const {
    sweep_point<T> point{detail::sweep_overrides(axes_, index), base_, {}};
    try {
      apply_overrides(point.config, point.overrides);
    } catch (config_error const& e) {
      detail::throw_sweep_point_error(e, index, size_, point.overrides);
    }
    point.fingerprint = fingerprint(point.config);
    return point;
  }

  class iterator {
   public:
    using value_type = sweep_point<T>;
    using difference_type = std::ptrdiff_t;
    iterator() = default;
    iterator(sweep_points const* points, std::size_t index) : points_(points), index_(index) {}
    sweep_point<T> operator*() const { return (*points_)[index_]; }
    iterator& operator++() { return ++index_, *this; }
    iterator operator++(int) { return iterator(points_, index_++); }
    friend bool operator==(iterator const& a, iterator const& b) { return a.index_ == b.index_; }

   private:
    sweep_points const* points_ = nullptr;
    std::size_t index_ = 0;
  };
  iterator begin() const { return iterator(this, 0); }
  iterator end() const { return iterator(this, size_); }

 private:
  T base_;
  std::vector<sweep_axis> axes_;
  std::size_t size_ = 1;
};

/// Expands comma-separated choices into the grid of configs: `{"num_classes=10,100",
/// "backbone.depths=[2,2,2,2],[3,4,6,3]"}` gives four points. Commas inside lists, objects
/// and quoted strings do not split. Hydra's `choice(a, b)` and `range(start, stop, step)`
/// are choices too. The order is deterministic: the last override varies fastest. Malformed overrides are refused here; each point's values when it is read.
template <class T> sweep_points<T> sweep(T const& base, std::vector<std::string> const& overrides) {
  return sweep_points<T>(base, detail::sweep_axes(overrides));
}

}  // namespace glasses

#endif
