#include "wirestack/application/http/builtin_pages.h"

namespace ws::http {

std::string_view search_home_page() {
  return R"(<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Search (simulated)</title>
<style>
body{font-family:arial,sans-serif;margin:0;text-align:center;color:#202124}
h1{font-size:64px;margin:96px 0 24px;letter-spacing:-2px}
.b{color:#4285f4}.r{color:#ea4335}.y{color:#fbbc05}.g{color:#34a853}
input{width:420px;max-width:80%;padding:12px 20px;border:1px solid #dfe1e5;border-radius:24px}
p{color:#70757a;font-size:13px;margin-top:48px}
</style>
</head>
<body>
<h1><span class="b">G</span><span class="r">o</span><span class="y">o</span><span class="b">g</span><span class="g">l</span><span class="r">e</span></h1>
<form action="/search" method="get"><input name="q" aria-label="Search" placeholder="Search the simulated web"></form>
<p>A fictional page served by wirestack's simulated web server (203.0.113.0/24 is a
documentation range). Not affiliated with any real search engine.</p>
</body>
</html>
)";
}

}  // namespace ws::http
