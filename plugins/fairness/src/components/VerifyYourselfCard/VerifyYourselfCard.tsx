import { CodeSnippet } from '@backstage/core-components';
import Box from '@mui/material/Box';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { RoundVerification } from '@internal/plugin-fairness-common';

/** A POSIX shell single-quoted word: round ids are free text and may hold quotes. */
const shq = (word: string) => `'${word.replace(/'/g, `'\\''`)}'`;

/** The shell commands that verify one round without the portal. */
export function verifyRecipe(options: {
  roundId: string;
  backendUrl: string;
  verifierKey?: string;
}) {
  const { roundId, backendUrl, verifierKey } = options;
  const file = `fairness-evidence-${roundId.replace(
    /[^A-Za-z0-9._-]/g,
    '_',
  )}.json`;
  return [
    `# 1. The evidence for this round (or use "Export evidence" above)`,
    `curl -fsS -H "Authorization: Bearer $BACKSTAGE_TOKEN" -o ${shq(file)} \\`,
    `  ${shq(`${backendUrl}/evidence?roundId=${encodeURIComponent(roundId)}`)}`,
    `# 2. The log's public key: compare it with the one the operator publishes`,
    verifierKey
      ? `echo ${shq(verifierKey)} > fairness-log.pub`
      : `# (copy the public key shown on the audit log page into fairness-log.pub)`,
    `# 3. Verify offline (the single-file verifier, see the auditor's guide)`,
    `#    exit 0 verified, 3 verified so far with the seed still active, 1 failed`,
    `node fairness-verify.cjs ${shq(file)} --public-key @fairness-log.pub`,
  ].join('\n');
}

/** The inclusion proof's hashes and a copyable "verify it yourself" recipe. */
export function VerifyYourselfCard(props: {
  verification: RoundVerification;
  backendUrl: string;
  verifierKey?: string;
}) {
  const { verification, backendUrl, verifierKey } = props;
  const { round, treeHead, inclusionProof } = verification;
  return (
    <Card>
      <CardContent>
        <Typography variant="h6">Verify it yourself</Typography>
        <Table size="small" aria-label="inclusion proof">
          <TableBody>
            <TableRow>
              <TableCell component="th">
                Leaf hash (leaf {round.leafIndex})
              </TableCell>
              <TableCell
                sx={{ fontFamily: 'monospace', wordBreak: 'break-all' }}
              >
                {round.leafHash}
              </TableCell>
            </TableRow>
            {(inclusionProof ?? []).map((hash, i) => (
              <TableRow key={i}>
                <TableCell component="th">Proof hash {i + 1}</TableCell>
                <TableCell
                  sx={{ fontFamily: 'monospace', wordBreak: 'break-all' }}
                >
                  {hash}
                </TableCell>
              </TableRow>
            ))}
            <TableRow>
              <TableCell component="th">
                Signed root{treeHead ? ` (tree size ${treeHead.treeSize})` : ''}
              </TableCell>
              <TableCell
                sx={{ fontFamily: 'monospace', wordBreak: 'break-all' }}
              >
                {treeHead?.rootHash ?? 'no signed tree head yet'}
              </TableCell>
            </TableRow>
          </TableBody>
        </Table>
        {inclusionProof === null && (
          <Typography variant="body2" color="text.secondary" mt={1}>
            No inclusion proof yet: the round is newer than the last signed tree
            head; the next scheduled signing covers it.
          </Typography>
        )}
        <Typography variant="body2" color="text.secondary" mt={2} mb={1}>
          Hashing the leaf with each proof hash in turn (RFC 9162) must give the
          signed root. The offline verifier does that, checks the signature, the
          seed commitment and recomputes the result:
        </Typography>
        <Box data-testid="verify-recipe">
          <CodeSnippet
            language="bash"
            showCopyCodeButton
            text={verifyRecipe({
              roundId: round.roundId,
              backendUrl,
              verifierKey,
            })}
          />
        </Box>
      </CardContent>
    </Card>
  );
}
