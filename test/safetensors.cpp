// The safetensors reader against broken and hostile files: every violation is a clear
// error, and no input, truncated or bit-flipped, reads out of bounds (the sanitizer build
// runs this too).
#include "issues_of.hpp"

#include <glasses/safetensors.hpp>

#include <boost/test/unit_test.hpp>

#include <stdexcept>
#include <string>

namespace st = glasses::safetensors;

namespace {

std::vector<glasses::issue> parse_issues(std::string const& bytes) {
  return test::issues_of([&] { st::parse_header(bytes, "model.safetensors"); });
}

std::string valid_file() {
  return st::make_header({{"a", st::dtype::F32, {2}, 0, 8}, {"b", st::dtype::I64, {1, 1}, 8, 16}},
                         {{"glasses_config", "{}"}}) +
         std::string(16, '\x01');
}

}  // namespace

BOOST_AUTO_TEST_CASE(a_written_header_reads_back) {
  auto header = st::parse_header(valid_file(), "ok");
  BOOST_TEST_REQUIRE(header.tensors.size() == 2u);
  BOOST_TEST(header.tensors[1].name == "b");
  BOOST_TEST((header.tensors[1].shape == std::vector<int64_t>{1, 1}));
  BOOST_TEST(header.metadata.at("glasses_config") == "{}");
  BOOST_TEST(header.data_offset % 8 == 0u);
}

BOOST_AUTO_TEST_CASE(a_header_is_framed_by_its_length_in_8_little_endian_bytes) {
  BOOST_TEST(st::frame_header("{}") == std::string("\x02\0\0\0\0\0\0\0{}", 10));
  std::string long_json(0x1234, ' ');
  BOOST_TEST(st::frame_header(long_json).substr(0, 8) == std::string("\x34\x12\0\0\0\0\0\0", 8));
  BOOST_TEST(st::make_header({}, {}) == st::frame_header("{}      "));  // padded to a multiple of 8
}

BOOST_AUTO_TEST_CASE(a_tensor_named_like_the_metadata_is_refused) {
  // Written, it replaced the metadata: a checkpoint lost its config, and could not be read.
  try {
    (void)st::make_header({{"__metadata__", st::dtype::F32, {1}, 0, 4}}, {{"glasses_config", "{}"}});
    BOOST_FAIL("expected std::invalid_argument");
  } catch (std::invalid_argument const& e) {
    BOOST_TEST(std::string(e.what()) ==
               "glasses::safetensors::make_header: a tensor is named \"__metadata__\", the key of the header's "
               "metadata, which it would replace; rename the module's parameter or buffer");
  }
}

BOOST_AUTO_TEST_CASE(a_config_named_as_a_checkpoint_says_what_it_is) {
  // Before: its text read as a header length of 7161112781203180155 bytes, "truncated?".
  for (std::string const text : {"{\"num_classes\": 10}\n", "  {}\n      ", "---\nlr: 0.1\n"})
    BOOST_TEST(parse_issues(text) ==
                   (std::vector<glasses::issue>{{"", "not a safetensors file: it starts as JSON or YAML text does, which "
                                                     "a checkpoint (8 bytes of header length, then its header) never "
                                                     "does; is it a config? Name it .json or .yaml"}}),
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(broken_files_are_clear_errors) {
  auto valid = st::make_header({{"w", st::dtype::F32, {2}, 0, 8}}, {}) +
               std::string(8, '\0');
  BOOST_TEST(st::parse_header(valid, "ok").tensors.size() == 1u);

  BOOST_TEST(parse_issues("abc").at(0).message ==
             "not a safetensors file: 3 bytes, fewer than the 8 of the header length; is the file truncated?");
  BOOST_TEST(parse_issues(valid.substr(0, 20)).at(0).message.ends_with("runs past the end of the file (20 bytes); is the file truncated?"));
  BOOST_TEST(parse_issues(st::frame_header("{\"w\": [1, 2")).at(0).message.starts_with("the header is not valid JSON"));
  auto out_of_range = parse_issues(st::frame_header(R"({"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}})") + "1234");
  BOOST_TEST(out_of_range.at(0).path == "w");
  BOOST_TEST(out_of_range.at(0).message == "data_offsets [0, 8] lie outside the data section of 4 bytes");
  auto reversed = parse_issues(st::frame_header(R"({"w":{"dtype":"F32","shape":[0],"data_offsets":[8,0]}})") + "12345678");
  BOOST_TEST(reversed.at(0).message == "data_offsets [8, 0] end before they begin; expected [begin, end] with begin <= end");
  auto dtype = parse_issues(st::frame_header(R"({"w":{"dtype":"F33","shape":[1],"data_offsets":[0,4]}})") + "1234");
  BOOST_TEST(dtype.at(0).message ==
             R"(unknown dtype "F33"; expected one of "F64", "F32", "F16", "BF16", "I64", "I32", "I16", "I8", "U8", "BOOL")");
  auto size = parse_issues(st::frame_header(R"({"w":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}})") + "12345678");
  BOOST_TEST(size.at(0).message == "the shape needs 12 bytes of F32, but data_offsets give 8");
  auto overlap = parse_issues(st::frame_header(R"({"a":{"dtype":"U8","shape":[4],"data_offsets":[0,4]},)"
                                           R"("b":{"dtype":"U8","shape":[4],"data_offsets":[2,6]}})") + "123456");
  BOOST_TEST(overlap.at(0).path == "b");
  BOOST_TEST(overlap.at(0).message == "its bytes [2, 6) overlap those of another tensor");
  auto hole = parse_issues(st::frame_header(R"({"a":{"dtype":"U8","shape":[2],"data_offsets":[2,4]}})") + "1234");
  BOOST_TEST(hole.at(0).message == "bytes [0, 2) before it belong to no tensor");
  auto tail = parse_issues(st::frame_header(R"({"a":{"dtype":"U8","shape":[2],"data_offsets":[0,2]}})") + "1234");
  BOOST_TEST(tail.at(0).message == "the last 2 bytes of the data belong to no tensor");
  auto huge = parse_issues(st::frame_header(R"({"a":{"dtype":"F64","shape":[4611686018427387904,4],"data_offsets":[0,8]}})") +
                           "12345678");
  BOOST_TEST(huge.at(0).message == "expected \"shape\" to be an array of non-negative integers of a sane size");
}

BOOST_AUTO_TEST_CASE(a_shape_too_large_for_64_bit_sizes_says_so) {
  auto issues = parse_issues(st::frame_header(R"({"a":{"dtype":"F64","shape":[4611686018427387904],"data_offsets":[0,8]}})") +
                             "12345678");
  BOOST_TEST(issues.at(0).path == "a");
  BOOST_TEST(issues.at(0).message == "the shape is too large: 4611686018427387904 elements of F64 need more than 2^64 bytes");
}

BOOST_AUTO_TEST_CASE(a_key_given_twice_in_the_header_is_refused) {
  std::string const entry = R"({"dtype":"U8","shape":[4],"data_offsets":[0,4]})";
  auto tensor = parse_issues(st::frame_header(R"({"w":)" + entry + R"(,"w":)" + entry + "}") + "1234");
  BOOST_TEST_REQUIRE(tensor.size() == 1u);
  BOOST_TEST(tensor[0].path == "w");
  BOOST_TEST(tensor[0].message ==
             "this key is given twice in the header; readers differ on which copy counts, so the file is refused");
  auto metadata = parse_issues(st::frame_header(R"({"__metadata__":{"a":"1"},"__metadata__":{"a":"2"}})"));
  BOOST_TEST(metadata.at(0).path == "__metadata__");
  auto metadata_key = parse_issues(st::frame_header(R"({"__metadata__":{"a":"1","a":"2"}})"));
  BOOST_TEST(metadata_key.at(0).path == "__metadata__.a");
  auto field = parse_issues(st::frame_header(R"({"w":{"dtype":"U8","dtype":"I8","shape":[4],"data_offsets":[0,4]}})") + "1234");
  BOOST_TEST(field.at(0).path == "w.dtype");
}

BOOST_AUTO_TEST_CASE(every_truncation_is_an_error_not_a_crash) {
  std::string file = valid_file();
  for (std::size_t size = 0; size < file.size(); ++size) {
    auto issues = parse_issues(file.substr(0, size));
    BOOST_TEST_REQUIRE(!issues.empty());
    BOOST_TEST((issues[0].message.find("truncated") != std::string::npos || size >= 8), "size " << size);
  }
}

BOOST_AUTO_TEST_CASE(every_bit_flip_is_read_or_refused_cleanly) {
  std::string const file = valid_file();
  std::size_t refused = 0, read = 0;
  for (std::size_t bit = 0; bit < 8 * file.size(); ++bit) {
    std::string flipped = file;
    flipped[bit / 8] = static_cast<char>(flipped[bit / 8] ^ (1 << (bit % 8)));
    try {
      auto header = st::parse_header(flipped, "flipped");
      // Accepted: then every tensor lies inside the data, tiled exactly.
      std::size_t covered = 0;
      for (auto const& t : header.tensors) {
        BOOST_TEST_REQUIRE(t.begin == covered);
        covered = t.end;
      }
      BOOST_TEST_REQUIRE(header.data_offset + covered == flipped.size());
      ++read;
    } catch (glasses::config_error const& e) {
      BOOST_TEST_REQUIRE(!e.issues().empty());
      ++refused;
    }
  }
  BOOST_TEST(refused > 0u);
  BOOST_TEST(read > 0u);  // flips in the data itself are just other numbers
}

BOOST_AUTO_TEST_CASE(metadata_must_be_strings) {
  auto issues = parse_issues(st::frame_header(R"({"__metadata__":{"n":1}})"));
  BOOST_TEST(issues.at(0).path == "__metadata__.n");
  BOOST_TEST(issues.at(0).message == "expected a string");
}
