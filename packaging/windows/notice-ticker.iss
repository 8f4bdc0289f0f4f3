; Inno Setup 6.3+ script: per-machine installer over the PyInstaller onedir.
;
; Build on Windows (see docs/deploy.md):
;   scripts\build_onedir.sh equivalent:  py -m PyInstaller --noconfirm --clean build_installer.spec
;   "C:\Program Files (x86)\Inno Setup 6\ISCC.exe" /DAppVersion=0.1.0 packaging\windows\notice-ticker.iss
;
; Silent deployment with a preset site configuration:
;   notice-ticker-setup-0.1.0.exe /VERYSILENT /SUPPRESSMSGBOXES /NORESTART
;       /FEEDURL=https://notice.example.go.kr/feed.json /AUDIENCE=총무과,민원과 /LOCKED=1
; writes {commonappdata}\notice-ticker\ticker.toml (C:\ProgramData\notice-ticker\ticker.toml,
; the platformdirs site config dir). /LOCKED=1 locks feeds and audience; /LOCKED=key,key
; locks the listed keys. Without /FEEDURL an existing ticker.toml is left untouched
; (upgrades keep IT's file). A /FEEDURL that is not http(s) stops setup before it installs
; anything (exit code 1). /TASKS="!autostart" skips the all-users autostart entry.
; UNTESTED: this script cannot be compiled or run on the Linux CI.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define AppName "Notice Ticker"
#define AppExe "notice-ticker.exe"
#define DistDir "..\..\dist\notice-ticker"

[Setup]
AppId={{6B1E5C2A-3F7D-4C51-9A0E-7C2D7E1B9F42}
AppName={#AppName}
AppVerName={#AppName} {#AppVersion}
AppVersion={#AppVersion}
AppPublisher=Notice Ticker
VersionInfoVersion={#AppVersion}
DefaultDirName={autopf}\Notice Ticker
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
PrivilegesRequired=admin
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir=..\..\dist
OutputBaseFilename=notice-ticker-setup-{#AppVersion}
SetupIconFile=..\..\resources\icons\notice-ticker.ico
UninstallDisplayIcon={app}\{#AppExe}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
; close a running ticker on upgrade/uninstall (Restart Manager)
CloseApplications=force
RestartApplications=no
MinVersion=10.0

[Languages]
Name: "korean"; MessagesFile: "compiler:Languages\Korean.isl"
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "autostart"; Description: "로그인할 때 모든 사용자에게 자동 시작 / Start for all users at log-in"

[Files]
Source: "{#DistDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Dirs]
Name: "{commonappdata}\notice-ticker"

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"

[Registry]
; all users: HKLM Run. --from-autostart makes the bar exit at once for a user whose own
; `autostart` setting is off (the settings dialog writes it; the ticker also marks the
; entry disabled under HKCU ...\StartupApproved\Run so Task Manager agrees).
Root: HKLM; Subkey: "Software\Microsoft\Windows\CurrentVersion\Run"; ValueType: string; \
  ValueName: "NoticeTicker"; ValueData: """{app}\{#AppExe}"" --from-autostart"; Flags: uninsdeletevalue; Tasks: autostart

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; \
  Flags: nowait postinstall skipifsilent runasoriginaluser

[UninstallRun]
Filename: "{sys}\taskkill.exe"; Parameters: "/IM {#AppExe} /F"; Flags: runhidden; RunOnceId: "StopTicker"

[UninstallDelete]
Type: files; Name: "{commonappdata}\notice-ticker\ticker.toml"
Type: dirifempty; Name: "{commonappdata}\notice-ticker"

[Code]
function TomlString(const S: String): String;
var R: String;
begin
  R := S;
  StringChangeEx(R, '\', '\\', True);
  StringChangeEx(R, '"', '\"', True);
  Result := '"' + R + '"';
end;

function TomlList(const CommaList: String): String;
var Rest, Item, Items: String; P: Integer;
begin
  Rest := CommaList; Items := '';
  while Rest <> '' do
  begin
    P := Pos(',', Rest);
    if P = 0 then begin Item := Rest; Rest := ''; end
    else begin Item := Copy(Rest, 1, P - 1); Rest := Copy(Rest, P + 1, Length(Rest)); end;
    Item := Trim(Item);
    if Item <> '' then
    begin
      if Items <> '' then Items := Items + ', ';
      Items := Items + TomlString(Item);
    end;
  end;
  Result := '[' + Items + ']';
end;

{ True when every comma-separated item is an http:// or https:// address }
function AllHttp(const CommaList: String): Boolean;
var Rest, Item: String; P: Integer;
begin
  Result := True;
  Rest := CommaList;
  while Rest <> '' do
  begin
    P := Pos(',', Rest);
    if P = 0 then begin Item := Rest; Rest := ''; end
    else begin Item := Copy(Rest, 1, P - 1); Rest := Copy(Rest, P + 1, Length(Rest)); end;
    Item := Lowercase(Trim(Item));
    if (Item <> '') and (Pos('http://', Item) <> 1) and (Pos('https://', Item) <> 1) then
      Result := False;
  end;
end;

function ConfigPath(): String;
begin
  Result := ExpandConstant('{commonappdata}\notice-ticker\ticker.toml');
end;

procedure WriteSiteConfig();
var Lines: TArrayOfString; FeedUrl, Audience, Locked: String; N: Integer;
begin
  FeedUrl := ExpandConstant('{param:FEEDURL|}');
  Audience := ExpandConstant('{param:AUDIENCE|}');
  Locked := ExpandConstant('{param:LOCKED|}');
  if (FeedUrl = '') and FileExists(ConfigPath()) then
    Exit; { upgrade without new presets: keep IT's file }
  SetArrayLength(Lines, 8); N := 0;
  Lines[N] := '# 설치 프로그램이 쓴 사이트 설정 / site settings written by the installer'; N := N + 1;
  Lines[N] := '# docs/deploy.md lists every key.'; N := N + 1;
  { agrees with the HKLM Run entry: the settings dialog shows the real state }
  if WizardIsTaskSelected('autostart') then Lines[N] := 'autostart = true'
  else Lines[N] := 'autostart = false';
  N := N + 1;
  if FeedUrl <> '' then begin Lines[N] := 'feeds = ' + TomlList(FeedUrl); N := N + 1; end;
  if Audience <> '' then begin Lines[N] := 'audience = ' + TomlList(Audience); N := N + 1; end;
  if Locked = '1' then begin Lines[N] := 'locked = ["feeds", "audience"]'; N := N + 1; end
  else if (Locked <> '') and (Locked <> '0') then
    begin Lines[N] := 'locked = ' + TomlList(Locked); N := N + 1; end;
  SetArrayLength(Lines, N);
  { TOML must be UTF-8 without a byte-order mark }
  if not SaveStringsToUTF8FileWithoutBOM(ConfigPath(), Lines, False) then
    Log('could not write ' + ConfigPath());
end;

{ A bad /FEEDURL stops setup before anything is installed (exit code 1), so a mass
  deployment fails loudly instead of installing bars that point nowhere. }
function InitializeSetup(): Boolean;
var FeedUrl: String;
begin
  Result := True;
  FeedUrl := ExpandConstant('{param:FEEDURL|}');
  if not AllHttp(FeedUrl) then
  begin
    Log('FEEDURL is not http(s): ' + FeedUrl);
    SuppressibleMsgBox('FEEDURL은 http:// 또는 https:// 주소여야 합니다.' + #13#10 +
      'FEEDURL must be an http:// or https:// address: ' + FeedUrl,
      mbCriticalError, MB_OK, IDOK);
    Result := False;
  end;
end;

procedure CurStepChanged(CurStep: TSetupStep);
begin
  if CurStep = ssPostInstall then
    WriteSiteConfig();
end;
