// Bundles and sticks through the API (docs/api.md, docs/bundle-format.md):
//   GET  /api/v1/bundle?since_ms=&kinds=sitrep,need&precedence=immediate   a signed bundle
//   POST /api/v1/envelopes/batch   length-prefixed envelopes in, one verdict each out
//   POST /api/v1/stick {"path": "/media/STICK"}   starts a stick visit (202)
//   GET  /api/v1/stick             the current or last visit
#include <google/protobuf/util/json_util.h>

#include "api/routes.h"
#include "bundle/bundle_selection.h"
#include "bundle/bundle_writer.h"
#include "bundle/stick_service.h"
#include "message/envelope_codec.h"

namespace baken {
namespace http = boost::beast::http;

namespace {

// An export answered in one response is held in memory: larger ones are asked to narrow.
// Below what baken accepts as an answer (64 MiB, clients/cli/http_transport.cc).
constexpr std::size_t kMaxExportBytes = 60u << 20;
constexpr std::size_t kMaxBatchEnvelopes = 1000;

Result<bundle::BundleFilter, std::string> bundle_filter(
    const std::map<std::string, std::string>& query) {
    bundle::BundleFilter filter;
    for (const auto& [key, value] : query) {
        if (key == "since_ms") {
            try {
                std::size_t used = 0;
                filter.since_ms = std::stoll(value, &used);
                if (used != value.size()) throw std::invalid_argument(value);
            } catch (const std::exception&) {
                return fail("since_ms must be Unix time in milliseconds, got '" + value + "'");
            }
        } else if (key == "kinds") {
            std::size_t start = 0;
            while (start <= value.size()) {
                std::size_t comma = value.find(',', start);
                std::string name = value.substr(start, comma - start);
                auto kind = kind_from_name(name);
                if (!kind) return fail("unknown kind '" + name + "' in kinds");
                filter.kinds.insert(*kind);
                if (comma == std::string::npos) break;
                start = comma + 1;
            }
        } else if (key == "precedence") {
            auto precedence = precedence_from_name(value);
            if (!precedence) return fail("unknown precedence '" + value + "'");
            filter.least_urgent = *precedence;
        } else {
            return fail("unknown parameter '" + key + "' (known: since_ms, kinds, precedence)");
        }
    }
    return filter;
}

// The batch body: envelopes, each after its length (4 bytes, big-endian).
Result<std::vector<ByteView>, std::string> split_batch(std::string_view body) {
    std::vector<ByteView> out;
    ByteView rest = as_bytes(body);
    while (!rest.empty()) {
        if (rest.size() < 4) return fail(std::string("the body ends inside a length"));
        std::size_t n = (std::size_t{rest[0]} << 24) | (std::size_t{rest[1]} << 16) |
                        (std::size_t{rest[2]} << 8) | std::size_t{rest[3]};
        if (n == 0 || n > rest.size() - 4)
            return fail("envelope " + std::to_string(out.size() + 1) + " claims " +
                        std::to_string(n) + " bytes; " + std::to_string(rest.size() - 4) +
                        " follow");
        out.push_back(rest.subspan(4, n));
        if (out.size() > kMaxBatchEnvelopes)
            return fail("at most " + std::to_string(kMaxBatchEnvelopes) + " envelopes per batch");
        rest = rest.subspan(4 + n);
    }
    return out;
}

v1::EnvelopeVerdict verdict_view(ByteView envelope, const Verdict& verdict) {
    v1::EnvelopeVerdict out;
    if (verdict) {
        out.set_id(to_hex(verdict.value().id));
        out.set_outcome(verdict.value().duplicate ? "duplicate" : "accepted");
        return out;
    }
    if (auto decoded = decode_envelope(envelope)) out.set_id(to_hex(decoded->id));
    // A relayed message of an author without a credential yet is kept in the quarantine.
    out.set_outcome(verdict.error().code == RejectCode::unknown_author ? "waiting" : "refused");
    out.set_reason(std::string(reject_code_name(verdict.error().code)));
    out.set_detail(verdict.error().detail);
    return out;
}

}  // namespace

HttpResponse ApiRoutes::bundle_export(const HttpRequest& req, const Query& query) {
    auto filter = bundle_filter(query);
    if (!filter) return error(req, http::status::bad_request, "bad_query", filter.error());
    std::int64_t now = ctx_.clock.now_ms();
    auto selected = bundle::select_for_bundle(ctx_.store, *filter, now);
    std::string body;
    bundle::BundleWriter writer(
        [&](ByteView bytes) {
            if (body.size() + bytes.size() > kMaxExportBytes) return false;
            body.append(as_chars(bytes));
            return true;
        },
        ctx_.identity, now, ctx_.node_name);
    for (const auto& m : selected) {
        if (!writer.ok()) break;  // over the limit: stop reading the store
        auto held = ctx_.store.get(m.id);
        if (held) writer.add(as_bytes(held->envelope_bytes));
    }
    if (!writer.finish())
        return error(req, http::status::payload_too_large, "too_large",
                     "the bundle would exceed " + std::to_string(kMaxExportBytes >> 20) +
                         " MiB; narrow it with --since, --kinds or --precedence");
    return respond(req, http::status::ok, std::move(body), "application/vnd.baken.bundle");
}

HttpResponse ApiRoutes::post_envelope_batch(const HttpRequest& req) {
    auto envelopes = split_batch(req.body());
    if (!envelopes) return error(req, http::status::bad_request, "bad_request", envelopes.error());
    // Relayed: an author whose credential is still on its way waits in the quarantine, as
    // it would had the message come from a peer.
    std::vector<Verdict> verdicts = ctx_.validation.submit_batch(*envelopes, Origin::relayed);
    v1::BatchResult result;
    for (std::size_t i = 0; i < verdicts.size(); ++i)
        *result.add_verdicts() = verdict_view((*envelopes)[i], verdicts[i]);
    return json(req, http::status::ok, result);
}

HttpResponse ApiRoutes::stick(const HttpRequest& req) {
    if (!ctx_.sticks)
        return error(req, http::status::not_found, "not_found", "this node runs no stick visits");
    if (req.method() == http::verb::get) return json(req, http::status::ok, ctx_.sticks->state());
    v1::StickState asked;
    google::protobuf::util::JsonParseOptions options;
    auto parsed = google::protobuf::util::JsonStringToMessage(req.body(), &asked, options);
    if (!parsed.ok() || asked.path().empty())
        return error(
            req, http::status::bad_request, "bad_json",
            "expected {\"path\": \"/media/STICK\"}, the folder where the stick is mounted");
    const bool busy = !ctx_.sticks->state().safe_to_remove();
    auto started = ctx_.sticks->visit(asked.path());
    if (!started && busy) return error(req, http::status::conflict, "stick_busy", started.error());
    if (!started) return error(req, http::status::bad_request, "not_a_stick", started.error());
    return json(req, http::status::accepted, ctx_.sticks->state());
}

}  // namespace baken
