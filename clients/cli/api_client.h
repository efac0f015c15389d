// The daemon's HTTP JSON API (docs/api.md) as typed calls: token, transport and JSON mapping in
// one place, and every failure turned into a CliError with its exit code and an actionable
// message.
//
// Error mapping (error_from_reply / error_from_transport):
//   cannot connect, or no answer in time          -> unreachable (3), names the address and
//                                                    how to start bakend
//   401, or the token file missing / unreadable   -> unauthorized (6), names the token file
//   404, 409 ambiguous_id                         -> not_found (5)
//   400 bad_request / bad_json                    -> usage (2)
//   403 (not authorised), 413, 422 (a reject code), 507, and 500 storage_error answering a POST
//                                                 -> refused (4): "refused: <reason>: <detail>"
//   anything else                                 -> other (1), with the HTTP status
#pragma once

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "baken/v1/api.pb.h"
#include "baken/v1/picture.pb.h"
#include "exit_codes.h"
#include "http_transport.h"

namespace baken::cli {

inline constexpr std::string_view kDefaultApiAddress = "127.0.0.1:7718";

// Query of GET /api/v1/messages; unset members are left to the daemon's defaults.
struct ListQuery {
    std::optional<std::string> kind;    // a kind name the API accepts, e.g. "sitrep"
    std::optional<std::string> author;  // 64-hex public key
    std::optional<int> limit;           // 1..1000
    bool include_expired = false;
};

// "/api/v1/messages?kind=sitrep&limit=5". REQUIRES: values are validated (names, hex, numbers):
// they are put into the URL as they are.
std::string list_target(const ListQuery& query);

// Which daemon to talk to and how to prove we may.
struct ApiEndpoint {
    std::string address;             // "127.0.0.1:7718"
    std::filesystem::path data_dir;  // holds api.token; named in hints on how to start bakend
    std::chrono::milliseconds timeout{30'000};

    std::filesystem::path token_file() const;
};

class ApiClient {
  public:
    explicit ApiClient(ApiEndpoint endpoint) : endpoint_(std::move(endpoint)) {}

    CliResult<v1::NodeStatus> status();
    CliResult<v1::PeerList> peers();
    // GET /api/v1/links: the radio interfaces; an empty list on a node without [[radio]].
    CliResult<v1::RadioLinkList> links();
    // REQUIRES: `draft` has a body. The answer's id is the new (or already held) message.
    CliResult<v1::PostResult> post(const v1::Draft& draft);
    // A message signed elsewhere (a credential file, a bundle): its exact envelope bytes.
    CliResult<v1::PostResult> post_envelope(const std::string& envelope_bytes);
    CliResult<v1::MessageList> list(const ListQuery& query);
    // `id`: 64 hex, or a prefix of at least 8 hex (5 when no message or several match).
    CliResult<v1::MessageView> get(std::string_view id);
    // GET /api/v1/picture with `query` ("" or "?municipality=GM0344...").
    CliResult<v1::Picture> picture(const std::string& query);
    // The body of a GET that is not JSON (exports: GeoJSON, CSV, CAP XML, bundles).
    CliResult<std::string> get_text(std::string target);
    // POST /api/v1/envelopes/batch: `body` is envelopes, each after its 4-byte length.
    CliResult<v1::BatchResult> post_envelope_batch(std::string body);
    // POST /api/v1/stick: starts a stick visit at the folder `path` (on the daemon's machine).
    CliResult<v1::StickState> start_stick_visit(const std::string& path);
    CliResult<v1::StickState> stick_state();

    const ApiEndpoint& endpoint() const { return endpoint_; }

  private:
    CliResult<std::string> call(Method method, std::string target, std::string body,
                                std::string content_type = "application/json");
    template <typename T>
    CliResult<T> call_json(Method method, std::string target, std::string body = {},
                           std::string content_type = "application/json");

    ApiEndpoint endpoint_;
};

// The token from the file, without surrounding whitespace. Error: unauthorized (6), naming
// the file and what to do (missing: bakend creates it on first start; unreadable: run as the
// user that runs bakend).
CliResult<std::string> read_api_token(const std::filesystem::path& token_file);

// Maps a non-2xx answer to a CliError (see the table above). `posting`: the request posted a
// message, so a storage failure means the message was refused.
CliError error_from_reply(const HttpReply& reply, const ApiEndpoint& endpoint, bool posting);
CliError error_from_transport(const TransportError& error, const ApiEndpoint& endpoint,
                              bool posting);

}  // namespace baken::cli
