#!/usr/bin/env bash
# Signs a function package (the verifier's by default, or `ledger-integrity`) with the environment's
# AWS Signer profile, using the credentials in the environment (the signer role), and prints where AWS
# Signer wrote the signed package, the value the deploy step passes to synth as VAULT_VERIFIER_PACKAGE
# (or VAULT_LEDGER_INTEGRITY_PACKAGE):
#
#   s3://<artifact bucket>/verifier/signed/<job id>.zip?versionId=<version>
#
# Every package of the project uses the artifact bucket's verifier/ prefixes (their lifecycle rules).
#
# usage: sign-verifier.sh <artifact bucket> <signing profile name> [verifier|ledger-integrity]
#   exit 0 signed, 1 a build, upload or signing step failed, 64 bad usage
#
# AWS Signer signs only objects of a versioned bucket and writes the signed copy to a prefix of a
# bucket we name (https://docs.aws.amazon.com/signer/latest/api/API_StartSigningJob.html); Lambda,
# under an Enforce code-signing config, then deploys exactly that object version.
set -euo pipefail

if [ "$#" -lt 2 ] || [ "$#" -gt 3 ] || [ -z "$1" ] || [ -z "$2" ]; then
  echo "usage: sign-verifier.sh <artifact bucket> <signing profile name> [verifier|ledger-integrity]" >&2
  exit 64
fi
bucket=$1
profile=$2
package=${3:-verifier}
case "$package" in
  verifier) key_prefix="verifier/unsigned/" ;;
  ledger-integrity) key_prefix="verifier/unsigned/ledger-integrity-" ;;
  *)
    echo "usage: sign-verifier.sh <artifact bucket> <signing profile name> [verifier|ledger-integrity]" >&2
    exit 64
    ;;
esac

# The reproducible build of the checked-out commit (dist/<package>/<package>.zip).
npm run --silent "build:$package" >&2
zip="dist/$package/$package.zip"
sha=$(sha256sum "$zip" | cut -d' ' -f1)
key="${key_prefix}${sha}.zip"

echo "sign-verifier: uploading $zip to s3://$bucket/$key" >&2
version=$(aws s3api put-object --bucket "$bucket" --key "$key" --body "$zip" --query VersionId --output text)
if [ -z "$version" ] || [ "$version" = "None" ] || [ "$version" = "null" ]; then
  echo "sign-verifier: s3://$bucket has no versioning: AWS Signer needs a versioned source" >&2
  exit 1
fi

echo "sign-verifier: signing version $version with profile $profile" >&2
job=$(aws signer start-signing-job \
  --source "s3={bucketName=$bucket,key=$key,version=$version}" \
  --destination "s3={bucketName=$bucket,prefix=verifier/signed/}" \
  --profile-name "$profile" \
  --query jobId --output text)
# Polls every 20 seconds, gives up after 25 checks.
aws signer wait successful-signing-job --job-id "$job"
signed_key=$(aws signer describe-signing-job --job-id "$job" --query signedObject.s3.key --output text)
signed_version=$(aws s3api head-object --bucket "$bucket" --key "$signed_key" --query VersionId --output text)
echo "sign-verifier: job $job signed s3://$bucket/$signed_key (version $signed_version)" >&2
echo "s3://$bucket/$signed_key?versionId=$signed_version"
