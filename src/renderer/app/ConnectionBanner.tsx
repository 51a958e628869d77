import { Alert } from '@mantine/core';
import { useEffect, useState } from 'react';

/** Serve mode only: tells the researcher when the server went away (it reconnects by itself). */
export function ConnectionBanner() {
  const [lost, setLost] = useState(false);
  useEffect(() => {
    const down = () => setLost(true);
    window.addEventListener('mistudio:disconnected', down);
    const t = setInterval(() => setLost(false), 6000);
    return () => {
      window.removeEventListener('mistudio:disconnected', down);
      clearInterval(t);
    };
  }, []);
  if (!lost) return null;
  return (
    <Alert color="orange" mb="md" title="Connection to the miStudio server lost">
      Reconnecting… If this persists, check that `mistudio serve` is still running and that you opened the exact link it printed (it carries
      the access token).
    </Alert>
  );
}
