#include "live/lockbox.h"

#include <memory>
#include <string>

#include "live/shared_libs.h"

namespace stagegate::live {
namespace {

constexpr size_t kKeyBytes = 32;
constexpr size_t kNonceBytes = 12;
constexpr size_t kTagBytes = 16;

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::optional<std::string> Base64Decode(std::string_view text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.remove_suffix(1);
  if (text.empty() || text.size() % 4 != 0) return std::nullopt;
  size_t padding = 0;
  if (text.back() == '=') ++padding;
  if (text.size() >= 2 && text[text.size() - 2] == '=') ++padding;
  std::string out(text.size() / 4 * 3, '\0');
  int n = Crypto().EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                   reinterpret_cast<const unsigned char*>(text.data()),
                                   static_cast<int>(text.size()));
  if (n < 0 || static_cast<size_t>(n) < padding) return std::nullopt;
  out.resize(static_cast<size_t>(n) - padding);
  return out;
}

struct CipherCtxFree {
  void operator()(EVP_CIPHER_CTX* ctx) const { Crypto().EVP_CIPHER_CTX_free(ctx); }
};

std::string HmacSha384(std::string_view key, std::string_view data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  const Libcrypto& c = Crypto();
  c.HMAC(c.EVP_sha384(), key.data(), static_cast<int>(key.size()),
         reinterpret_cast<const unsigned char*>(data.data()), data.size(), out, &length);
  return std::string(reinterpret_cast<const char*>(out), length);
}

}  // namespace

LockboxKey LockboxKey::FromText(std::string_view text) {
  // Node's hex decoding: a pair at a time, stopping at the first pair with a
  // character that is not a hexadecimal digit; an odd last digit is dropped.
  // Node counts pairs in characters; every character before the first
  // non-digit is one byte of ASCII, so counting bytes gives the same pairs.
  LockboxKey key;
  for (size_t i = 0; i + 1 < text.size(); i += 2) {
    int hi = HexDigit(text[i]);
    int lo = HexDigit(text[i + 1]);
    if (hi < 0 || lo < 0) break;
    key.key_.push_back(static_cast<char>(hi * 16 + lo));
  }
  key.usual_ = text.size() == kKeyBytes * 2 && key.key_.size() == kKeyBytes;
  return key;
}

std::string LockboxKey::Shape() const {
  if (usual_) return "";
  return "ToolJet reads this LOCKBOX_MASTER_KEY as " + std::to_string(key_.size()) +
         (key_.size() == 1 ? " byte" : " bytes") +
         " (hexadecimal digits in pairs, up to the first other character), not the 32 of a "
         "64-digit key";
}

std::string LockboxKey::DeriveKey(std::string_view table, std::string_view column) const {
  // RFC 5869 with SHA-384: one block of expansion covers 32 bytes.
  std::string prk = HmacSha384(table, key_);
  std::string info(32, static_cast<char>(0xB4));
  info.append(column);
  info.append("_ciphertext");
  info.push_back('\x01');
  std::string okm = HmacSha384(prk, info);
  okm.resize(kKeyBytes);
  return okm;
}

std::optional<std::string> LockboxKey::Decrypt(std::string_view table, std::string_view column,
                                               std::string_view ciphertext) const {
  std::optional<std::string> raw = Base64Decode(ciphertext);
  if (!raw || raw->size() < kNonceBytes + kTagBytes) return std::nullopt;
  const std::string key = DeriveKey(table, column);
  std::unique_ptr<EVP_CIPHER_CTX, CipherCtxFree> ctx(Crypto().EVP_CIPHER_CTX_new());
  if (!ctx) return std::nullopt;
  auto* data = reinterpret_cast<unsigned char*>(raw->data());
  size_t body = raw->size() - kNonceBytes - kTagBytes;
  std::string plain(body, '\0');
  int length = 0;
  int final_length = 0;
  const Libcrypto& c = Crypto();
  bool ok =
      c.EVP_DecryptInit_ex(ctx.get(), c.EVP_aes_256_gcm(), nullptr, nullptr, nullptr) > 0 &&
      c.EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_IVLEN, kNonceBytes, nullptr) > 0 &&
      c.EVP_DecryptInit_ex(ctx.get(), nullptr, nullptr,
                           reinterpret_cast<const unsigned char*>(key.data()), data) > 0 &&
      c.EVP_DecryptUpdate(ctx.get(), reinterpret_cast<unsigned char*>(plain.data()), &length,
                          data + kNonceBytes, static_cast<int>(body)) > 0 &&
      c.EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, kTagBytes, data + kNonceBytes + body) >
          0 &&
      c.EVP_DecryptFinal_ex(ctx.get(), reinterpret_cast<unsigned char*>(plain.data()) + length,
                            &final_length) > 0;
  if (!ok) return std::nullopt;
  plain.resize(static_cast<size_t>(length + final_length));
  return plain;
}

}  // namespace stagegate::live
