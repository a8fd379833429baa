// Blob offsets, sizes and framework-owned allocation (lsm_set_blob_size, v6.12).
#include <boost/test/unit_test.hpp>

#include "model/lsm/blob.h"
#include "tests/support/kernel_fixture.h"

using namespace lsmsim;
using lsmsim::testing::config_with;
using lsmsim::testing::probe;

BOOST_AUTO_TEST_SUITE(blobs)

BOOST_AUTO_TEST_CASE(offsets_are_running_totals_aligned_to_eight) {
  LsmBlobSizes totals;
  LsmBlobSizes a, b, c;
  a[BlobKind::cred] = 12;
  b[BlobKind::cred] = 8;
  c[BlobKind::cred] = 1;
  lsm_set_blob_sizes(a, totals);
  lsm_set_blob_sizes(b, totals);
  lsm_set_blob_sizes(c, totals);
  BOOST_TEST(a[BlobKind::cred] == 0);
  BOOST_TEST(b[BlobKind::cred] == 16);
  BOOST_TEST(c[BlobKind::cred] == 24);
  BOOST_TEST(totals[BlobKind::cred] == 25);
}

BOOST_AUTO_TEST_CASE(inode_blob_starts_after_the_rcu_head) {
  LsmBlobSizes totals;
  LsmBlobSizes none, a, b;
  lsm_set_blob_sizes(none, totals);
  BOOST_TEST(totals[BlobKind::inode] == 0);  // nobody asked: no rcu head either
  a[BlobKind::inode] = 20;
  b[BlobKind::inode] = 4;
  lsm_set_blob_sizes(a, totals);
  lsm_set_blob_sizes(b, totals);
  BOOST_TEST(a[BlobKind::inode] == 16);
  BOOST_TEST(b[BlobKind::inode] == 40);
  BOOST_TEST(totals[BlobKind::inode] == 44);
}

BOOST_AUTO_TEST_CASE(xattr_slot_count_goes_through_the_same_alignment) {
  LsmBlobSizes totals;
  LsmBlobSizes a, b;
  a[BlobKind::xattr_count] = 1;
  b[BlobKind::xattr_count] = 1;
  lsm_set_blob_sizes(a, totals);
  lsm_set_blob_sizes(b, totals);
  BOOST_TEST(b[BlobKind::xattr_count] == 8);
  BOOST_TEST(totals[BlobKind::xattr_count] == 9);
}

BOOST_AUTO_TEST_CASE(kernel_assigns_offsets_in_lsm_order_and_allocates_zeroed_blobs) {
  auto a = probe("a", {});
  a.blobs[BlobKind::task] = 4;
  auto b = probe("b", {});
  b.blobs[BlobKind::task] = 16;
  Kernel k(config_with({b, a}));  // lsm=b,a
  BOOST_TEST(k.lsm().find("b")->blob_offset(BlobKind::task) == 0);
  BOOST_TEST(k.lsm().find("a")->blob_offset(BlobKind::task) == 16);
  BOOST_TEST(k.lsm().blob_totals()[BlobKind::task] == 20);
  BOOST_TEST(k.init_task().security.size() == 20u);
  Blob blob = k.lsm().alloc_blob(BlobKind::task);
  for (std::size_t i = 0; i < blob.size(); ++i) BOOST_TEST(std::to_integer<int>(blob.data()[i]) == 0);
  BOOST_TEST(k.lsm().alloc_blob(BlobKind::file).empty());  // total 0: no allocation
}

BOOST_AUTO_TEST_CASE(typed_access_at_an_lsms_offset) {
  Blob blob(32);
  struct State {
    int refs;
    long label;
  };
  construct_in_blob<State>(blob, 8, State{2, 77});
  BOOST_TEST(blob.at<State>(8).label == 77);
  destroy_in_blob<State>(blob, 8);
}

BOOST_AUTO_TEST_SUITE_END()
