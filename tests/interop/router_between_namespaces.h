// `wirestack router` between two Linux namespaces: a client namespace (10.200.1.1/24 on tapl,
// default route via our router's 10.200.1.2) and a server namespace (10.200.2.1/24 on tapw; our
// router is 10.200.2.2 there). The router runs with the given extra options (--nat, --route
// ...); routes in the server namespace are the test's business. Stopped and removed on
// destruction (the router first, then the namespaces).
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "support/netns.h"
#include "support/test_env.h"

namespace ws::test {

// What the server namespace saw of one HTTP GET from the client through the router.
struct FetchSeenByServer {
  CommandResult curl;                   // the client's curl
  std::string server_log;               // python's http.server log: "A.B.C.D - - [...] GET"
  std::set<std::string> wan_addresses;  // every IPv4 address in datagrams on the server's link
  std::string wan_capture;              // that capture as tcpdump prints it
};

class RouterBetweenNamespaces {
 public:
  explicit RouterBetweenNamespaces(const std::vector<std::string>& options) {
    // Both taps are opened in the router's namespace, then moved to the namespaces they serve
    // (the open descriptors stay attached; a moved device arrives down, so configure after).
    router_ns_.add_tap("tapl");
    router_ns_.add_tap("tapw");
    router_ns_.set_up("tapl");
    router_ns_.set_up("tapw");
    std::vector<std::string> argv = {wirestack_binary().string(),
                                     "router",
                                     "--lan",
                                     "tapl",
                                     "--lan-addr",
                                     "10.200.1.2/24",
                                     "--wan",
                                     "tapw",
                                     "--wan-addr",
                                     "10.200.2.2/24",
                                     "--seed",
                                     "5"};
    argv.insert(argv.end(), options.begin(), options.end());
    router_ = std::make_unique<Spawned>(router_ns_, argv);
    if (!router_ns_.wait_carrier("tapl") || !router_ns_.wait_carrier("tapw")) return;
    router_ns_.move("tapl", client_);
    router_ns_.move("tapw", server_);
    client_.configure("tapl", "10.200.1.1/24");
    client_.must({"ip", "route", "add", "default", "via", "10.200.1.2"});
    server_.configure("tapw", "10.200.2.1/24");
    ready_ = client_.wait_carrier("tapl") && server_.wait_carrier("tapw");
  }
  ~RouterBetweenNamespaces() { router_.reset(); }

  // Both taps have carrier in the namespaces they serve (the router holds them open).
  bool ready() const { return ready_; }
  const Netns& client() const { return client_; }
  const Netns& server() const { return server_; }
  Spawned& router() { return *router_; }
  // Serves `body` from the server namespace (python3 http.server, 10.200.2.1:8000) and fetches
  // it with curl from the client while tcpdump captures the server's link. `dir` (scratch)
  // holds the served file and the capture. Needs curl, tcpdump and python3.
  FetchSeenByServer fetch_seen_by_server(const std::filesystem::path& dir,
                                         const std::string& body) const {
    FetchSeenByServer seen;
    std::ofstream(dir / "index.html") << body;
    Spawned tcpdump(server_, {"tcpdump", "-Z", "root", "--immediate-mode", "-n", "-U", "-i", "tapw",
                              "-w", (dir / "wan.pcap").string(), "ip"});
    if (!tcpdump.wait_for_output("listening on")) {
      ADD_FAILURE() << tcpdump.output();
      return seen;
    }
    Spawned web(server_, {"python3", "-u", "-m", "http.server", "--bind", "10.200.2.1",
                          "--directory", dir.string(), "8000"});
    if (!web.wait_for_output("Serving HTTP", 10000)) {
      ADD_FAILURE() << web.output();
      return seen;
    }
    seen.curl = client_.run(
        {"curl", "-sS", "--max-time", "10", "--retry", "2", "http://10.200.2.1:8000/index.html"},
        20);
    web.stop();
    tcpdump.stop();
    seen.server_log = web.output();
    const CommandResult read = server_.run({"tcpdump", "-n", "-r", (dir / "wan.pcap").string()});
    seen.wan_capture = read.out + read.err + tcpdump.output();
    const std::regex ip(R"((\d+\.\d+\.\d+\.\d+)(\.\d+)?)");
    for (std::sregex_iterator it(read.out.begin(), read.out.end(), ip), end; it != end; ++it) {
      seen.wan_addresses.insert((*it)[1]);
    }
    return seen;
  }

  // Stops the router (SIGTERM): it must exit 0; returns everything it printed (routes, NAT
  // table, counters).
  std::string stop() {
    EXPECT_EQ(router_->stop(), 0) << router_->output();
    return router_->output();
  }

 private:
  Netns router_ns_, client_, server_;
  std::unique_ptr<Spawned> router_;
  bool ready_ = false;
};

}  // namespace ws::test
