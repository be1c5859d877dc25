#include "support/linux_impairment.h"

#include <gtest/gtest.h>

#include <map>
#include <sstream>
#include <tuple>

#include "wirestack/base/bytes.h"
#include "wirestack/link/pcap/pcap_reader.h"

namespace fs = std::filesystem;

namespace ws::test {
namespace {

constexpr const char* kTable = "ws_impairment";
constexpr const char* kSlowClass = "1:2";
constexpr std::uint32_t kSlowClassId = 0x10002;  // what a bpf classifier returns for 1:2

std::vector<std::string> words(const std::string& line) {
  std::istringstream in(line);
  std::vector<std::string> out;
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

// Classic BPF over an Ethernet frame: IPv4 whose identification mod `n` is below 2 -> class 1:2,
// anything else -> no match (htb's direct queue, unshaped). From `tcpdump -ddd 'ip[4:2] % n < 2'`
// with the match value replaced by the class id.
std::string pair_classifier(int n) {
  return "7,40 0 0 12,21 0 4 2048,40 0 0 18,148 0 0 " + std::to_string(n) + ",53 1 0 2,6 0 0 " +
         std::to_string(kSlowClassId) + ",6 0 0 0";
}

// A root htb whose unclassified packets go straight through and whose class 1:2 holds packets.
bool install_holder(const Netns& ns, const std::string& dev, const std::string& rate, int n) {
  return ns.must({"tc", "qdisc", "add", "dev", dev, "root", "handle", "1:", "htb"}) &&
         ns.must({"tc", "class", "add", "dev", dev, "parent", "1:", "classid", kSlowClass, "htb",
                  "rate", rate, "ceil", rate, "burst", "1b", "cburst", "1b"}) &&
         ns.must({"tc", "filter", "add", "dev", dev, "parent", "1:", "protocol", "all", "prio", "1",
                  "bpf", "bytecode", pair_classifier(n)});
}

// A chain on `hook` that drops `loss_percent`% of the packets `match` selects, counting them in
// the named counter `name`.
std::string nft_chain(const std::string& name, const std::string& hook, const std::string& match,
                      int loss_percent) {
  return "  counter " + name + " {}\n  chain " + name + " {\n    type filter hook " + hook +
         "; policy accept;\n    " + match + " numgen random mod 100 < " +
         std::to_string(loss_percent) + " counter name " + name + " drop\n  }\n";
}

std::string nft_script(const std::string& dev, int loss_percent) {
  return std::string("table inet ") + kTable + " {\n" +
         nft_chain("dropped_in", "prerouting priority -300", "iifname \"" + dev + "\"",
                   loss_percent) +
         nft_chain("dropped_out", "postrouting priority 300", "oifname \"" + dev + "\"",
                   loss_percent) +
         "}\n";
}

std::uint64_t nft_counter(const Netns& ns, const std::string& name) {
  const CommandResult r = ns.run({"nft", "list", "counter", "inet", kTable, name});
  const auto at = r.out.find("packets ");
  EXPECT_NE(at, std::string::npos) << r.out << r.err;
  return at == std::string::npos ? 0 : std::stoull(r.out.substr(at + 8));
}

// Headers only, each frame written as it comes; nullptr (and a test failure) if it never listens.
std::unique_ptr<Spawned> start_capture(const Netns& ns, const std::vector<std::string>& args,
                                       const fs::path& file) {
  std::vector<std::string> argv = {"tcpdump", "-n", "-U", "-s", "64", "-w", file.string()};
  argv.insert(argv.end(), args.begin(), args.end());
  auto capture = std::make_unique<Spawned>(ns, argv, 300);
  if (capture->wait_for_output("listening on")) return capture;
  ADD_FAILURE() << "tcpdump " << args[1] << ": " << capture->output();
  return nullptr;
}

}  // namespace

LinuxImpairment::LinuxImpairment(const Netns& ns, std::string dev, const LinuxImpairmentSpec& spec,
                                 const fs::path& scratch)
    : ns_(ns), dev_(std::move(dev)), ifb_("ifb-" + dev_) {
  capture_in_ = scratch / ("to-linux-" + dev_ + ".pcap");
  capture_out_ = scratch / ("from-linux-" + dev_ + ".pcap");
  bool ok = true;
  // Leaving: shaped on the device itself.
  ok &= install_holder(ns_, dev_, spec.hold_rate_out, spec.reorder_one_in);
  // Arriving: the tc ingress hook runs before anything else sees the frame, redirects it to the
  // ifb, whose root qdisc shapes it and hands it back to the stack as received on `dev_`.
  // The queue length a tap has (an ifb has 32, which a burst from the stack would overflow).
  ok &= ns_.must({"ip", "link", "add", ifb_, "txqueuelen", "1000", "type", "ifb"});
  ok &= ns_.must({"ip", "link", "set", ifb_, "up"});
  ok &= install_holder(ns_, ifb_, spec.hold_rate_in, spec.reorder_one_in);
  ok &= ns_.must({"tc", "qdisc", "add", "dev", dev_, "clsact"});
  ok &= ns_.must(words("tc filter add dev " + dev_ +
                       " ingress protocol all prio 1 u32 match u32 0 0"
                       " action mirred egress redirect dev " +
                       ifb_));
  // Loss after the holder on the way in (nft's netdev ingress hook never sees frames tc
  // redirected, so it is prerouting) and before it on the way out.
  const CommandResult nft =
      ns_.sh("nft -f - <<'EOF'\n" + nft_script(dev_, spec.loss_percent) + "EOF\n");
  EXPECT_EQ(nft.exit_code, 0) << nft.out << nft.err;
  ok &= nft.exit_code == 0;
  tcpdump_out_ = start_capture(ns_, {"-i", dev_, "-Q", "out"}, capture_out_);
  tcpdump_in_ = start_capture(ns_, {"-i", ifb_}, capture_in_);
  ready_ = ok && tcpdump_out_ && tcpdump_in_;
}

LinuxImpairment::~LinuxImpairment() {
  remove();
}

LinuxImpairmentEvidence LinuxImpairment::finish() {
  LinuxImpairmentEvidence e;
  e.dropped_in = nft_counter(ns_, "dropped_in");
  e.dropped_out = nft_counter(ns_, "dropped_out");
  remove();
  e.reordered_in = count_overtaken_ipv4(capture_in_, &e.captured_in);
  e.reordered_out = count_overtaken_ipv4(capture_out_, &e.captured_out);
  return e;
}

void LinuxImpairment::remove() {
  if (removed_) return;
  removed_ = true;
  if (tcpdump_in_) tcpdump_in_->stop();
  if (tcpdump_out_) tcpdump_out_->stop();
  // The namespace's deletion would remove all of this too; a test that keeps using the device
  // after finish() must see it unimpaired.
  ns_.run({"nft", "delete", "table", "inet", kTable});
  ns_.run({"tc", "qdisc", "del", "dev", dev_, "clsact"});
  ns_.run({"tc", "qdisc", "del", "dev", dev_, "root"});
  ns_.run({"ip", "link", "del", ifb_});
}

std::uint64_t count_overtaken_ipv4(const fs::path& pcap, std::uint64_t* packets) {
  *packets = 0;
  auto reader = PcapReader::open(pcap.string());
  if (!reader) {
    ADD_FAILURE() << reader.error().message;
    return 0;
  }
  std::map<std::tuple<std::uint32_t, std::uint32_t, std::uint8_t>, std::uint16_t> newest;
  std::uint64_t overtaken = 0;
  for (int guard = 0; guard < 10'000'000; ++guard) {
    auto frame = reader->next();
    if (!frame || !*frame) break;
    const Bytes d = (*frame)->data;
    if (d.size() < 34 || load_be16(&d[12]) != 0x0800) continue;
    const Bytes ip = d.subspan(14);
    const auto flow = std::make_tuple(load_be32(&ip[12]), load_be32(&ip[16]), ip[9]);
    const std::uint16_t id = load_be16(&ip[4]);
    ++*packets;
    const auto [it, first] = newest.try_emplace(flow, id);
    // RFC 1982 serial arithmetic: `id` is behind `newest` when newest - id is in (0, 2^15).
    const auto behind = static_cast<std::uint16_t>(it->second - id);
    if (first) continue;
    if (behind != 0 && behind < 0x8000) {
      ++overtaken;
    } else {
      it->second = id;
    }
  }
  return overtaken;
}

}  // namespace ws::test
