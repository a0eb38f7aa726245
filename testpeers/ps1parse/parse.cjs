// parse.cjs FILE... parses PowerShell files with tree-sitter's PowerShell
// grammar and prints every syntax error as file:line:col; exit status 1 if
// any. It is a grammar's check, not PowerShell's own parser: it catches
// unbalanced brackets, broken here-strings and the like, not every
// mistake PowerShell would refuse.
const { Parser, Language } = require('web-tree-sitter');
const fs = require('fs');
(async () => {
  await Parser.init();
  const lang = await Language.load(require.resolve('tree-sitter-powershell/tree-sitter-powershell.wasm'));
  const p = new Parser(); p.setLanguage(lang);
  let bad = 0;
  for (const f of process.argv.slice(2)) {
    const tree = p.parse(fs.readFileSync(f, 'utf8'));
    const walk = (n) => {
      if (n.isError || n.isMissing) { bad++; console.log(`${f}:${n.startPosition.row + 1}:${n.startPosition.column + 1}: ${n.isMissing ? 'missing ' + n.type : 'syntax error'}: ${n.text.slice(0, 60)}`); return; }
      for (let i = 0; i < n.childCount; i++) walk(n.child(i));
    };
    walk(tree.rootNode);
    console.log(`${f}: ${tree.rootNode.hasError ? 'ERRORS' : 'parses'} (${tree.rootNode.descendantCount} nodes)`);
  }
  process.exit(bad ? 1 : 0);
})();
