// struct lsm_ctx helpers: packing as lsm_fill_user_ctx lays entries out, and walking packed
// entries by len.
#include <boost/test/unit_test.hpp>
#include <cstring>

#include "model/lsm/lsm_ctx.h"

using namespace lsmsim;

BOOST_AUTO_TEST_SUITE(lsm_ctx)

BOOST_AUTO_TEST_CASE(pack_lays_out_header_ctx_and_zero_padding) {
  const std::vector<std::byte> e = lsm_ctx_pack(101, std::string("u:r:t:s0\0", 9), 7);
  BOOST_TEST_REQUIRE(e.size() == 48u);  // ALIGN(32 + 9, 8)
  std::uint64_t h[4];
  std::memcpy(h, e.data(), sizeof h);
  BOOST_TEST(h[0] == 101u);
  BOOST_TEST(h[1] == 7u);
  BOOST_TEST(h[2] == 48u);
  BOOST_TEST(h[3] == 9u);
  BOOST_TEST(std::memcmp(e.data() + 32, "u:r:t:s0", 9) == 0);
  for (std::size_t i = 41; i < 48; ++i) BOOST_TEST((e[i] == std::byte{0}));
}

BOOST_AUTO_TEST_CASE(parse_walks_by_len_and_stops_at_truncation) {
  std::vector<std::byte> buf = lsm_ctx_pack(1000, "abc");
  const std::vector<std::byte> second = lsm_ctx_pack(1001, "0123456789");
  buf.insert(buf.end(), second.begin(), second.end());
  auto all = lsm_ctx_parse(buf.data(), buf.size());
  BOOST_TEST_REQUIRE(all.size() == 2u);
  BOOST_TEST(all[0].ctx == "abc");
  BOOST_TEST(all[1].id == 1001u);
  BOOST_TEST(all[1].len == 48u);
  BOOST_TEST(lsm_ctx_parse(buf.data(), buf.size() - 1).size() == 1u);
  BOOST_TEST(lsm_ctx_parse(buf.data(), 31).empty());
}

BOOST_AUTO_TEST_SUITE_END()
