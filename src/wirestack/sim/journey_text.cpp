#include "wirestack/sim/journey_text.h"

namespace ws::sim {
namespace {

constexpr StepText kEnSteps[15] = {
    {"The browser's socket gets a source port; the destination port is 80",
     "The browser asks the OS for a TCP socket. The OS picks the source port (SP) from its "
     "ephemeral range (49152-65535); the destination port (DP) is 80, the web's well-known "
     "port. The client knows both already.",
     "A real browser does this only after DNS has answered: it needs the address to connect to, "
     "so the socket is created after S2-S5 here too.",
     ""},
    {"The client knows its own address (SA) but not the server's (DA)",
     "The client has its own IP address (SA), its gateway and its DNS server from its "
     "configuration. Of the server it knows only a name, www.google.com: the destination "
     "address (DA) must come from DNS.",
     "", ""},
    {"The DNS server's address is already configured",
     "The DNS server to ask is written in the client's configuration (resolv.conf's nameserver "
     "line, set by DHCP at home). The stub resolver sends its question there.",
     "That server is usually a recursive resolver at the ISP: it does not know the answer "
     "itself but asks the root servers, then the servers of com., then google.com.'s own "
     "servers, and caches what it learns.",
     "The stub resolver's cache still holds the answer from the first visit (for the record's "
     "TTL), so no query is sent."},
    {"DNS: a question over UDP port 53, an answer with the address",
     "DNS is an application-layer protocol on port 53 that runs over UDP. The query carries "
     "the name (A? www.google.com.); the answer carries the IP address in an A record.",
     "The resolver's recursion is on the wire too: referrals from the root (to com.) and from "
     "com. (to google.com.'s servers), then the authoritative answer. Each query uses a random "
     "ID and source port so that forged answers are hard to slip in (RFC 5452).",
     "Answered from the cache: DNS does not appear on the wire."},
    {"UDP: connectionless, an 8-byte header",
     "UDP has no connection to set up: the answer simply comes back to the source port the "
     "question left from. Its header is 8 bytes: source port, destination port, length and "
     "checksum.",
     "The checksum covers a pseudo-header with both IP addresses as well, so that a datagram "
     "delivered to the wrong host is caught.",
     "No DNS this time, so no UDP either."},
    {"The frame goes to the gateway's MAC, not Google's",
     "Ethernet only reaches devices on the same link. The routing table (netstat -rn) says "
     "that every address outside 192.168.0.0/24 goes via the gateway 192.168.0.1, the home "
     "router: so the frame's destination MAC is the gateway's, while the IP destination "
     "stays the real one (the DNS server first, Google's web server later).",
     "", ""},
    {"ARP: the gateway's IP becomes its MAC",
     "The client broadcasts an ARP request (who has 192.168.0.1?); the home router answers "
     "with its MAC, and the client writes it into its ARP cache (ip neigh).",
     "The router learns the client's MAC from the request at the same time, so it needs no ARP "
     "of its own to answer.",
     "The ARP cache still holds the gateway's MAC from the first visit: no ARP on the wire."},
    {"TCP's three-way handshake: SYN, SYN+ACK, ACK",
     "TCP is connection-oriented. The client sends SYN with its initial sequence number; the "
     "server answers SYN+ACK with its own and acknowledges the client's; the client's ACK "
     "completes the connection (ESTABLISHED on both sides).",
     "The SYNs also negotiate options, as real browsers' do: MSS, window scale, SACK "
     "permitted and timestamps (see --detail). Initial sequence numbers are random (RFC "
     "6528).",
     ""},
    {"NAT: the home router rewrites the private source address",
     "192.168.0.10 is a private address that cannot be routed on the internet. The home "
     "router rewrites the source address to its public one, 203.0.113.2, remembers the "
     "mapping (conntrack), and rewrites the answers back.",
     "It rewrites the source port too when that port is taken (NAPT), and fixes the IP, UDP "
     "and TCP checksums. The same packet can be compared before and after in the captures "
     "home-lan-*.pcap and access.pcap.",
     ""},
    {"Routing: each router forwards hop by hop",
     "Routers between networks look up the destination in their routing table and forward "
     "the packet to the next hop, decrementing the TTL each time.",
     "Every hop rewrites the Ethernet header (new source and destination MACs) and ARPs for "
     "its next hop when that MAC is not cached, not only at the two ends.",
     "The routers' ARP caches are warm as well: only forwarding is left."},
    {"The last router ARPs for the server",
     "google-edge, the router on the server's network, broadcasts an ARP request for "
     "192.0.2.100; the server answers with its MAC, and the packet is delivered.",
     "", "google-edge still knows the server's MAC: no ARP."},
    {"The server's TCP finds the application by port 80",
     "The IP address and the MAC brought the packet to the right machine; the server's "
     "transport layer looks at destination port 80 and hands the connection to the "
     "application listening there, the web server.",
     "The SYN is matched to the listening socket; the connection is created for it and "
     "queued until the server accepts it. Later segments are matched by the full four-tuple.",
     ""},
    {"HTTP: GET / and a 200 with HTML",
     "The browser sends the request GET / with a Host header; the web server handles the "
     "\"/\" mapping and answers 200 OK with an HTML page.",
     "", ""},
    {"Closing: FIN, ACK, FIN, ACK",
     "The client sends FIN (FIN-WAIT-1); the server ACKs it (CLOSE-WAIT; the client is in "
     "FIN-WAIT-2) and finishes its own sending; then the server sends its FIN (LAST-ACK) and "
     "the client ACKs it.",
     "A server often sends its ACK and its FIN together when it has nothing left to send.", ""},
    {"TIME-WAIT, then CLOSED",
     "The client does not close its socket at once: it waits in TIME-WAIT for 2*MSL (60 s "
     "here), then the socket is CLOSED.",
     "The note says TIME-WAIT waits for data sent before the FIN that arrives late; but "
     "sequence numbers already keep late data in order. TIME-WAIT exists so that the last "
     "ACK can be sent again if it is lost (the server then retransmits its FIN: try "
     "--lose-last-ack), and so that old duplicate segments die out before the same four "
     "ports and addresses are used again.",
     ""},
};

constexpr StepText kKoSteps[15] = {
    {"브라우저 소켓이 출발지 포트를 받고, 목적지 포트는 80",
     "브라우저가 OS에 TCP 소켓을 요청하면 OS가 임시 포트 범위(49152-65535)에서 출발지 포트(SP)를 "
     "정해 준다. 목적지 포트(DP)는 웹 서버의 웰 노운 포트인 80이다. 클라이언트는 둘 다 알고 있다.",
     "실제 브라우저는 DNS 응답을 받은 뒤에 소켓을 만든다. 연결할 주소가 필요하기 때문이다. "
     "그래서 여기서도 S2-S5 다음에 소켓이 만들어진다.",
     ""},
    {"클라이언트는 자기 주소(SA)는 알지만 서버 주소(DA)는 모른다",
     "클라이언트는 설정에서 자신의 IP 주소(SA), 게이트웨이, DNS 서버를 알고 있다. 서버에 대해서는 "
     "www.google.com이라는 도메인만 안다. 목적지 IP 주소(DA)는 DNS로 알아내야 한다.",
     "", ""},
    {"DNS 서버의 주소는 이미 컴퓨터에 등록되어 있다",
     "물어볼 DNS 서버는 클라이언트 설정(resolv.conf의 nameserver, 집에서는 DHCP가 설정)에 적혀 "
     "있다. "
     "스텁 리졸버가 그곳으로 질의를 보낸다.",
     "그 서버는 보통 ISP의 재귀 리졸버다. 스스로 답을 아는 것이 아니라 루트 서버, com. 서버, "
     "google.com.의 서버에 차례로 물어보고 배운 것을 캐시한다.",
     "첫 방문 때의 응답이 스텁 리졸버 캐시에 (레코드 TTL 동안) 남아 있어서 질의를 보내지 않는다."},
    {"DNS: UDP 53번 포트로 질의, 응답에는 IP 주소",
     "DNS는 53번 포트를 쓰는 애플리케이션 계층 프로토콜이고 전송 계층으로 UDP를 사용한다. "
     "질의에는 도메인(A? www.google.com.)이, 응답에는 A 레코드로 IP 주소가 담긴다.",
     "리졸버의 재귀 과정도 패킷으로 보인다. 루트의 위임(com.), com.의 위임(google.com.의 서버), "
     "그리고 권한 있는 응답. 위조 응답을 막으려고 질의마다 임의의 ID와 출발지 포트를 쓴다(RFC "
     "5452).",
     "캐시에서 답을 얻었으므로 DNS 패킷이 나가지 않는다."},
    {"UDP: 비연결지향형, 8바이트 헤더",
     "UDP는 연결을 맺지 않는다. 응답은 질의가 나간 출발지 포트로 그냥 돌아온다. 헤더는 8바이트로 "
     "출발지 포트, 목적지 포트, 길이, 체크섬뿐이다.",
     "체크섬은 양쪽 IP 주소가 담긴 가상 헤더까지 계산에 넣어서, 엉뚱한 호스트로 배달된 "
     "데이터그램을 "
     "잡아낸다.",
     "이번에는 DNS가 없으니 UDP도 없다."},
    {"프레임은 구글이 아니라 게이트웨이의 MAC으로 간다",
     "이더넷은 같은 링크의 장비에만 닿는다. 라우팅 테이블(netstat -rn)에 따르면 192.168.0.0/24 "
     "밖의 "
     "모든 주소는 게이트웨이 192.168.0.1, 즉 공유기를 거친다. 그래서 프레임의 목적지 MAC은 "
     "공유기의 MAC이고, IP 목적지는 그대로 실제 목적지(먼저 DNS 서버, 나중에 구글 웹 서버)다.",
     "", ""},
    {"ARP: 게이트웨이의 IP 주소로 MAC 주소를 얻는다",
     "클라이언트가 ARP 요청(192.168.0.1은 누구?)을 브로드캐스트하면 공유기가 자신의 MAC으로 "
     "응답하고, 클라이언트는 이를 ARP 캐시(ip neigh)에 적는다.",
     "공유기도 요청에서 클라이언트의 MAC을 배우기 때문에, 응답하려고 따로 ARP를 할 필요가 없다.",
     "ARP 캐시에 첫 방문 때의 게이트웨이 MAC이 남아 있어 ARP 패킷이 나가지 않는다."},
    {"TCP 연결: 3 Way HandShaking (SYN, SYN+ACK, ACK)",
     "TCP는 연결 지향형이다. 클라이언트가 초기 순서 번호와 함께 SYN을 보내고, 서버는 자신의 순서 "
     "번호와 함께 SYN+ACK으로 응답하며, 클라이언트의 ACK으로 연결이 이뤄진다(양쪽 ESTABLISHED).",
     "실제 브라우저처럼 SYN에서 MSS, 윈도 스케일, SACK 허용, 타임스탬프 옵션도 협상한다(--detail로 "
     "확인). 초기 순서 번호는 무작위다(RFC 6528).",
     ""},
    {"NAT: 공유기가 사설 출발지 주소를 바꾼다",
     "192.168.0.10은 인터넷에서 찾아갈 수 없는 사설 IP다. 공유기가 출발지 주소를 공인 IP "
     "203.0.113.2로 바꾸고 그 대응(conntrack)을 기억해 두었다가, 응답의 주소를 되돌린다.",
     "포트가 이미 쓰이고 있으면 출발지 포트도 바꾸고(NAPT), IP, UDP, TCP 체크섬도 고친다. 같은 "
     "패킷을 캡처 home-lan-*.pcap과 access.pcap에서 전후로 비교할 수 있다.",
     ""},
    {"라우팅: 라우터가 한 홉씩 전달한다",
     "네트워크와 네트워크를 잇는 라우터는 목적지를 자신의 라우팅 테이블에서 찾아 다음 홉으로 "
     "패킷을 넘기고, 그때마다 TTL을 하나 줄인다.",
     "홉마다 이더넷 헤더(출발지와 목적지 MAC)가 새로 쓰이고, 다음 홉의 MAC이 캐시에 없으면 그 "
     "홉에서도 "
     "ARP를 한다. 양 끝에서만 하는 것이 아니다.",
     "라우터들의 ARP 캐시도 채워져 있어 전달만 남는다."},
    {"마지막 라우터가 서버의 MAC을 ARP로 찾는다",
     "서버 네트워크의 라우터 google-edge가 192.0.2.100에 대한 ARP 요청을 브로드캐스트하고, 서버가 "
     "자신의 MAC으로 응답하면 패킷이 배달된다.",
     "", "google-edge가 서버의 MAC을 아직 알고 있어 ARP가 없다."},
    {"서버의 TCP가 80번 포트로 애플리케이션을 찾는다",
     "IP 주소와 MAC 주소로 올바른 목적지에 도착했으니, 서버의 전송 계층은 목적지 포트 80을 보고 "
     "그 포트를 쓰는 애플리케이션, 웹 서버에게 연결을 넘긴다.",
     "SYN은 리스닝 소켓과 짝지어지고, 그 연결이 새로 만들어져 서버가 accept할 때까지 큐에서 "
     "기다린다. 이후의 세그먼트는 주소와 포트 네 개로 찾는다.",
     ""},
    {"HTTP: GET /와 HTML이 담긴 200 응답",
     "브라우저가 Host 헤더와 함께 GET / 요청을 보내고, 웹 서버는 \"/\"에 매핑된 요청을 처리해 "
     "HTML 페이지와 함께 200 OK로 응답한다.",
     "", ""},
    {"연결 종료: FIN, ACK, FIN, ACK",
     "클라이언트가 FIN을 보내고(FIN-WAIT-1), 서버는 ACK으로 답한 뒤(CLOSE-WAIT, 클라이언트는 "
     "FIN-WAIT-2) 자신의 전송을 마친다. 그다음 서버가 FIN을 보내고(LAST-ACK) 클라이언트가 ACK한다.",
     "보낼 것이 남지 않은 서버는 ACK과 FIN을 한 세그먼트로 보내기도 한다.", ""},
    {"TIME-WAIT, 그리고 CLOSED",
     "클라이언트는 소켓을 바로 닫지 않고 2*MSL(여기서는 60초) 동안 TIME-WAIT 상태로 기다린 뒤 "
     "CLOSED가 된다.",
     "노트는 FIN보다 늦게 도착하는 데이터를 기다리기 위해서라고 하지만, 늦은 데이터의 순서는 순서 "
     "번호가 이미 지켜 준다. TIME-WAIT가 있는 이유는 마지막 ACK이 유실되면 다시 보내기 "
     "위해서(서버가 "
     "FIN을 재전송한다: --lose-last-ack로 확인), 그리고 같은 주소와 포트 조합이 다시 쓰이기 전에 "
     "오래된 중복 세그먼트가 사라지게 하기 위해서다.",
     ""},
};

constexpr UiText kEn = {
    .title = "What happens when you type %s into a browser",
    .before = "Before anything is sent: what the client knows",
    .really_label = "What really happens",
    .warm_label = "Second visit",
    .warm_intro =
        "This is a second visit, one second after the first: the DNS caches and every "
        "ARP cache on the path are still filled, so those steps do not go on the wire.",
    .skipped = "not on the wire this time",
    .layer_names = {"Network Access", "Internet", "Transport", "Application"},
    .summary = "Summary",
    .resolved = "%s resolved to %s",
    .status = "HTTP status",
    .page = "The page the browser got",
    .time_wait_done = "The browser's socket left TIME-WAIT after 2*MSL: CLOSED.",
    .stopped = "The story stopped early: ",
    .press_enter = "(Enter: next step) ",
    .lose_last_ack =
        "--lose-last-ack: the client's final ACK was lost at the home router; the "
        "server retransmitted its FIN and the client, still in TIME-WAIT, answered.",
    .tables = "Tables",
    .narration = "Narration",
    .click_hint = "Click an arrow to see its layers; click a step to jump to it.",
    .phase_names = {"other", "ARP", "DNS", "TCP handshake", "HTTP", "teardown"},
};

constexpr UiText kKo = {
    .title = "웹브라우저에 %s을 입력하면?",
    .before = "패킷을 보내기 전에: 클라이언트가 아는 것",
    .really_label = "실제로는",
    .warm_label = "두 번째 방문",
    .warm_intro =
        "첫 방문 1초 뒤의 두 번째 방문이다. DNS 캐시와 경로 위 모든 ARP 캐시가 아직 채워져 "
        "있어서 그 단계들은 패킷으로 나가지 않는다.",
    .skipped = "이번에는 패킷이 나가지 않음",
    .layer_names = {"네트워크 접근 계층", "인터넷 계층", "전송 계층", "애플리케이션 계층"},
    .summary = "요약",
    .resolved = "%s의 IP 주소: %s",
    .status = "HTTP 상태",
    .page = "브라우저가 받은 페이지",
    .time_wait_done = "브라우저 소켓이 2*MSL 뒤 TIME-WAIT를 벗어나 CLOSED가 되었다.",
    .stopped = "이야기가 일찍 멈췄다: ",
    .press_enter = "(Enter: 다음 단계) ",
    .lose_last_ack =
        "--lose-last-ack: 클라이언트의 마지막 ACK이 공유기에서 유실되었다. 서버가 FIN을 "
        "재전송했고, 아직 TIME-WAIT인 클라이언트가 다시 응답했다.",
    .tables = "테이블",
    .narration = "설명",
    .click_hint = "화살표를 누르면 계층별 내용이, 단계를 누르면 그 단계가 나온다.",
    .phase_names = {"기타", "ARP", "DNS", "TCP 연결", "HTTP", "연결 종료"},
};

}  // namespace

std::optional<Lang> parse_lang(std::string_view text) {
  if (text == "en") return Lang::kEn;
  if (text == "ko") return Lang::kKo;
  return std::nullopt;
}

const StepText& step_text(Lang lang, int step) {
  const StepText* table = lang == Lang::kKo ? kKoSteps : kEnSteps;
  return table[(step < 1 || step > 15 ? 1 : step) - 1];
}

const UiText& ui_text(Lang lang) {
  return lang == Lang::kKo ? kKo : kEn;
}

const char* layer_name(Lang lang, Layer layer) {
  return ui_text(lang).layer_names[static_cast<int>(layer)];
}

}  // namespace ws::sim
