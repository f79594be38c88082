import { Route, Routes } from 'react-router-dom';
import { AuditLogPage } from '../AuditLogPage';
import { RoundPage } from '../RoundPage';

/** The plugin's pages under its mount point. */
export function FairnessRoutes() {
  return (
    <Routes>
      <Route path="/" element={<AuditLogPage />} />
      <Route path="/rounds/:roundId" element={<RoundPage />} />
    </Routes>
  );
}
