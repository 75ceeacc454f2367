// Text that holds itself when it is short: a diff's paths (`backbone.stages[2].depth`) fit,
// so that finding one change allocates nothing. std::string keeps only 15 characters in place.
#ifndef GLASSES_CONFIG_SMALL_STRING_HPP
#define GLASSES_CONFIG_SMALL_STRING_HPP

#include <cstddef>
#include <cstring>
#include <iosfwd>
#include <string>
#include <string_view>

namespace glasses {

/// A string with room for 40 characters inside; longer ones go on the heap. It reads as a
/// `std::string_view`; it is written whole, not appended to.
class small_string {
 public:
  static constexpr std::size_t inline_capacity = 40;

  small_string() noexcept : size_(0) {}
  explicit small_string(std::string_view text) : small_string(text.size(), '\0') {
    if (!text.empty()) std::memcpy(data(), text.data(), text.size());
  }
  /// `size` copies of `fill`, to write over through data().
  small_string(std::size_t size, char fill) : size_(size) {
    char* text = inline_;
    if (on_heap()) text = heap_ = new char[size];
    std::memset(text, fill, size);
  }
  small_string(small_string const& other) : small_string(other.view()) {}
  small_string(small_string&& other) noexcept : size_(other.size_) {
    std::memcpy(inline_, other.inline_, sizeof inline_);  // the heap pointer, or the characters
    other.size_ = 0;
  }
  small_string& operator=(small_string const& other) {
    if (this != &other) *this = small_string(other);
    return *this;
  }
  small_string& operator=(small_string&& other) noexcept {
    if (this != &other) {
      if (on_heap()) delete[] heap_;
      size_ = other.size_;
      std::memcpy(inline_, other.inline_, sizeof inline_);
      other.size_ = 0;
    }
    return *this;
  }
  /// Makes this `size` characters long, each to be written through the pointer returned: a
  /// diff writes its paths in place, so that no copy of them is read back while still in flight.
  char* assign_for_overwrite(std::size_t size) {
    char* text = size > inline_capacity ? new char[size] : inline_;
    if (on_heap()) delete[] heap_;
    size_ = size;
    if (on_heap()) heap_ = text;
    return text;
  }
  ~small_string() {
    if (on_heap()) delete[] heap_;
  }

  char* data() noexcept { return on_heap() ? heap_ : inline_; }
  char const* data() const noexcept { return on_heap() ? heap_ : inline_; }
  std::size_t size() const noexcept { return size_; }
  bool empty() const noexcept { return size_ == 0; }
  char const* begin() const noexcept { return data(); }
  char const* end() const noexcept { return data() + size_; }
  char operator[](std::size_t i) const noexcept { return data()[i]; }

  std::string_view view() const noexcept { return {data(), size_}; }
  operator std::string_view() const noexcept { return view(); }
  std::string str() const { return std::string(view()); }

  friend bool operator==(small_string const& a, small_string const& b) noexcept { return a.view() == b.view(); }
  friend bool operator==(small_string const& a, std::string_view b) noexcept { return a.view() == b; }
  friend std::ostream& operator<<(std::ostream& os, small_string const& s);

 private:
  bool on_heap() const noexcept { return size_ > inline_capacity; }

  std::size_t size_;
  union {
    char inline_[inline_capacity];
    char* heap_;
  };
};

}  // namespace glasses

#endif
