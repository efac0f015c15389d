// See api_client.h. Messages name the address, the data directory and the file involved,
// because the person reading them is often not the one who installed the node.
#include "api_client.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "api/api_token.h"
#include "json.h"

namespace baken::cli {
namespace {

constexpr std::size_t kMaxTokenFileBytes = 4096;

std::string trim(std::string text) {
    std::size_t end = text.find_last_not_of(" \t\r\n");
    text.erase(end == std::string::npos ? 0 : end + 1);
    std::size_t begin = text.find_first_not_of(" \t\r\n");
    return begin == std::string::npos ? std::string() : text.substr(begin);
}

std::string start_hint(const ApiEndpoint& endpoint) {
    return "Is bakend running? Start it with: bakend --data " + endpoint.data_dir.string() +
           " (under systemd: systemctl start bakend).\n"
           "If it listens elsewhere, pass --api HOST:PORT, or --data with its data directory "
           "(where it writes api.address).";
}

// The API's {"error", "detail"}; a body that is not one becomes the detail as it is.
v1::ApiError parse_api_error(const std::string& body) {
    v1::ApiError error;
    if (!from_json(body, error) || (error.error().empty() && error.detail().empty())) {
        error.Clear();
        error.set_detail(trim(body.substr(0, 300)));
    }
    return error;
}

// "refused: bad signature: <detail>". The daemon's detail usually starts with the reason
// already ("bad signature: ..."); it is not repeated then.
std::string refusal_text(const v1::ApiError& error) {
    std::string reason = error.error();
    for (char& c : reason) c = c == '_' ? ' ' : c;
    if (error.detail().empty()) return "refused: " + reason;
    if (reason.empty() || error.detail().starts_with(reason)) return "refused: " + error.detail();
    return "refused: " + reason + ": " + error.detail();
}

bool is_refusal(unsigned status, const v1::ApiError& error, bool posting) {
    if (status == 403 || status == 413 || status == 422 || status == 507) return true;
    return posting && status == 500 && error.error() == "storage_error";
}

std::string or_default(const std::string& text, const std::string& fallback) {
    return text.empty() ? fallback : text;
}

}  // namespace

std::filesystem::path ApiEndpoint::token_file() const {
    return data_dir / kApiTokenFile;
}

std::string list_target(const ListQuery& query) {
    std::string target = "/api/v1/messages";
    char separator = '?';
    auto add = [&](const char* key, const std::string& value) {
        target += separator + std::string(key) + "=" + value;
        separator = '&';
    };
    if (query.kind) add("kind", *query.kind);
    if (query.author) add("author", *query.author);
    if (query.limit) add("limit", std::to_string(*query.limit));
    if (query.include_expired) add("include_expired", "true");
    return target;
}

CliResult<std::string> read_api_token(const std::filesystem::path& token_file) {
    const std::string file = token_file.string();
    int fd = ::open(token_file.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0 && errno == ENOENT) {
        return cli_fail(ExitCode::unauthorized,
                        "no API token at " + file +
                            ": bakend creates it when it first starts.\n"
                            "Start bakend with --data " +
                            token_file.parent_path().string() +
                            ", or pass --data with the data directory of the running bakend.");
    }
    if (fd < 0) {
        return cli_fail(
            ExitCode::unauthorized,
            "cannot read the API token " + file + ": " + std::strerror(errno) +
                ".\nRun baken as the user that runs bakend (e.g. sudo -u baken baken ...).");
    }
    std::string text(kMaxTokenFileBytes, '\0');
    ssize_t n = ::read(fd, text.data(), text.size());
    ::close(fd);
    text.resize(n > 0 ? static_cast<std::size_t>(n) : 0);
    text = trim(std::move(text));
    if (text.empty()) {
        return cli_fail(
            ExitCode::unauthorized,
            "the API token file " + file + " is empty; restart bakend to create a new one.");
    }
    return text;
}

CliError error_from_reply(const HttpReply& reply, const ApiEndpoint& endpoint, bool posting) {
    v1::ApiError error = parse_api_error(reply.body);
    const unsigned status = reply.status;
    if (status == 401) {
        return {ExitCode::unauthorized,
                "the daemon at " + endpoint.address + " refused the API token from " +
                    endpoint.token_file().string() +
                    ".\nPass --data with the data directory of the bakend that listens there, "
                    "or --api with the address of the bakend that this token belongs to."};
    }
    if (status == 404 || (status == 409 && error.error() == "ambiguous_id")) {
        return {ExitCode::not_found, or_default(error.detail(), "not found")};
    }
    if (is_refusal(status, error, posting)) return {ExitCode::refused, refusal_text(error)};
    if (status == 400) {
        return {ExitCode::usage, "the daemon did not accept the request: " +
                                     or_default(error.detail(), error.error())};
    }
    std::string code = error.error().empty() ? "" : " " + error.error();
    return {ExitCode::other, "the daemon at " + endpoint.address + " answered HTTP " +
                                 std::to_string(status) + code +
                                 (error.detail().empty() ? "" : ": " + error.detail())};
}

CliError error_from_transport(const TransportError& error, const ApiEndpoint& endpoint,
                              bool posting) {
    if (error.stage == TransportError::Stage::connect) {
        return {ExitCode::unreachable, "cannot reach the daemon at " + endpoint.address + ": " +
                                           error.text + ".\n" + start_hint(endpoint)};
    }
    std::string text =
        "the daemon at " + endpoint.address + " stopped answering: " + error.text + ".";
    if (posting) text += "\nThe message may or may not have been stored; check with: baken list";
    return {ExitCode::unreachable, text};
}

CliResult<std::string> ApiClient::call(Method method, std::string target, std::string body,
                                       std::string content_type) {
    const bool posting = method == Method::post;
    auto to = split_host_port(endpoint_.address);
    if (!to) return cli_fail(ExitCode::usage, "--api: " + to.error());
    auto token = read_api_token(endpoint_.token_file());
    if (!token) return fail(token.error());
    HttpCall http_call{method, std::move(target), std::move(*token), std::move(body),
                       std::move(content_type)};
    auto reply = http_exchange(*to, http_call, endpoint_.timeout);
    if (!reply) return fail(error_from_transport(reply.error(), endpoint_, posting));
    if (reply->status < 200 || reply->status > 299)
        return fail(error_from_reply(*reply, endpoint_, posting));
    return std::move(reply->body);
}

template <typename T>
CliResult<T> ApiClient::call_json(Method method, std::string target, std::string body,
                                  std::string content_type) {
    auto text = call(method, std::move(target), std::move(body), std::move(content_type));
    if (!text) return fail(text.error());
    T message;
    if (auto parsed = from_json(*text, message); !parsed) {
        return cli_fail(ExitCode::other,
                        "the daemon at " + endpoint_.address +
                            " sent an answer this baken does not understand: " + parsed.error());
    }
    return message;
}

CliResult<v1::NodeStatus> ApiClient::status() {
    return call_json<v1::NodeStatus>(Method::get, "/api/v1/status");
}

CliResult<v1::PeerList> ApiClient::peers() {
    return call_json<v1::PeerList>(Method::get, "/api/v1/peers");
}

CliResult<v1::RadioLinkList> ApiClient::links() {
    return call_json<v1::RadioLinkList>(Method::get, "/api/v1/links");
}

CliResult<v1::Picture> ApiClient::picture(const std::string& query) {
    return call_json<v1::Picture>(Method::get, "/api/v1/picture" + query);
}

CliResult<std::string> ApiClient::get_text(std::string target) {
    return call(Method::get, std::move(target), {});
}

CliResult<v1::BatchResult> ApiClient::post_envelope_batch(std::string body) {
    return call_json<v1::BatchResult>(Method::post, "/api/v1/envelopes/batch", std::move(body),
                                      "application/octet-stream");
}

CliResult<v1::StickState> ApiClient::start_stick_visit(const std::string& path) {
    v1::StickState asked;
    asked.set_path(path);
    return call_json<v1::StickState>(Method::post, "/api/v1/stick", to_json(asked));
}

CliResult<v1::StickState> ApiClient::stick_state() {
    return call_json<v1::StickState>(Method::get, "/api/v1/stick");
}

CliResult<v1::PostResult> ApiClient::post(const v1::Draft& draft) {
    return call_json<v1::PostResult>(Method::post, "/api/v1/messages", to_json(draft));
}

CliResult<v1::PostResult> ApiClient::post_envelope(const std::string& envelope_bytes) {
    return call_json<v1::PostResult>(Method::post, "/api/v1/envelopes", envelope_bytes,
                                     "application/octet-stream");
}

CliResult<v1::MessageList> ApiClient::list(const ListQuery& query) {
    return call_json<v1::MessageList>(Method::get, list_target(query));
}

CliResult<v1::MessageView> ApiClient::get(std::string_view id) {
    return call_json<v1::MessageView>(Method::get, "/api/v1/messages/" + std::string(id));
}

}  // namespace baken::cli
