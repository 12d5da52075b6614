// @peculiar/x509 resolves its services through tsyringe, which needs the Reflect metadata
// polyfill loaded first: import x509 from here, never from the package directly.
import 'reflect-metadata';

export * from '@peculiar/x509';
