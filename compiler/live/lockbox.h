// Decrypting ToolJet's encrypted columns (workspace constant values and data
// source credentials), which use a Lockbox-compatible scheme
// (docs/import.md, Secrets):
//   master     = LOCKBOX_MASTER_KEY read as ToolJet's server reads it,
//                Node's Buffer.from(key, 'hex'): pairs of hexadecimal digits
//                up to the first pair that is not one, an odd last digit
//                dropped; no length is checked, and no bytes at all is a key
//   key        = HKDF-SHA384(input key = master, salt = the table name,
//                            info = 32 bytes of 0xB4 + "<column>_ciphertext",
//                            32 bytes)
//   ciphertext = base64(12-byte nonce || AES-256-GCM ciphertext || 16-byte tag)
// ToolJet passes the workspace (organization) id as the "column" for
// constant values. Only global constant values are ever decrypted: stagegate
// never decrypts a secret.
#ifndef STAGEGATE_LIVE_LOCKBOX_H_
#define STAGEGATE_LIVE_LOCKBOX_H_

#include <optional>
#include <string>
#include <string_view>

namespace stagegate::live {

class LockboxKey {
 public:
  // The key ToolJet's server derives from the text of LOCKBOX_MASTER_KEY.
  // Every text is a key, as it is to ToolJet: only decrypting tells whether
  // it is the instance's.
  static LockboxKey FromText(std::string_view text);

  // The master key's bytes (ToolJet's "32 byte hexadecimal string" gives 32).
  const std::string& bytes() const { return key_; }
  // Whether the text was 64 hexadecimal digits, all of them read (the usual
  // key, as `openssl rand -hex 32` makes it).
  bool usual() const { return usual_; }
  // For a message when the key does not decrypt: "" for a usual key,
  // otherwise how ToolJet reads it (how many bytes, never the key itself).
  std::string Shape() const;

  // Decrypts one value; nullopt when it is not valid base64, too short, or
  // the tag does not match (a wrong key, or another table or column).
  std::optional<std::string> Decrypt(std::string_view table, std::string_view column,
                                     std::string_view ciphertext) const;

  // HKDF-SHA384 of the master key for one table and column, 32 bytes.
  std::string DeriveKey(std::string_view table, std::string_view column) const;

 private:
  std::string key_;  // the raw bytes
  bool usual_ = false;
};

}  // namespace stagegate::live

#endif  // STAGEGATE_LIVE_LOCKBOX_H_
