import { Alert, Button, Code, Collapse, Group, Stack, Text } from '@mantine/core';
import { Component, type ErrorInfo, type ReactNode } from 'react';

interface State {
  error: Error | null;
  info: ErrorInfo | null;
  showDetails: boolean;
}

/** Catches render errors of one page: shows what broke, with details and a retry. */
export class ErrorBoundary extends Component<{ children: ReactNode; scope: string }, State> {
  override state: State = { error: null, info: null, showDetails: false };

  static getDerivedStateFromError(error: Error): Partial<State> {
    return { error };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    this.setState({ error, info });
    console.error(`[${this.props.scope}]`, error, info.componentStack);
  }

  override render() {
    const { error, info, showDetails } = this.state;
    if (!error) return this.props.children;
    return (
      <Alert color="red" title={`The ${this.props.scope} page failed to render`} role="alert">
        <Stack gap="sm">
          <Text size="sm">{error.message}</Text>
          <Group>
            <Button size="xs" onClick={() => this.setState({ error: null, info: null, showDetails: false })}>
              Retry
            </Button>
            <Button size="xs" variant="subtle" onClick={() => this.setState({ showDetails: !showDetails })}>
              {showDetails ? 'Hide details' : 'Show details'}
            </Button>
          </Group>
          <Collapse expanded={showDetails}>
            <Code block>{`${error.stack ?? error.message}\n${info?.componentStack ?? ''}`}</Code>
          </Collapse>
        </Stack>
      </Alert>
    );
  }
}
